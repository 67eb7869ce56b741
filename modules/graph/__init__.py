"""`make graph`: the architecture of each synthesized stack as a picture (Mermaid, SVG, PNG).

Reads `cdktf.out` only, never the stacks or constructs: `references` finds the blocks and the references
between them, `kinds` places each resource by its Terraform type, `labels` names it, `model` builds the graph
(request path, trust path, other references), `mermaid` and `graphviz` draw it, `output` writes the files.
The packager draws the exported module with the same code.
"""
