"""Drawing a synthesized stack: the architecture graph of a Terraform JSON document (`model`), from the blocks
and references `synth_output` reads (`dependencies` folds data sources into their readers), placed by type
(`kinds`), named (`labels`), and rendered as Mermaid (`mermaid`) and by Graphviz (`graphviz`, `png`). `make graph`
draws every environment with it, the packager the exported module."""
