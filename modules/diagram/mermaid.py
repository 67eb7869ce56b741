"""The graph as Mermaid flowchart text (`<env>.mmd`, and the ```mermaid block of the module's README).

GitHub and GitLab render it. Request-path edges are thick (`==>`, blue), trust-path edges dotted (`-.->`,
orange), other references thin (`-->`, grey). Public routes are red, scoped routes purple, resources created
only on a condition have a dashed border. Node ids are the Terraform addresses with every other character
turned into `_` (`_2` for a second node that would get the same id), so the text diffs readably when the
stack changes.
"""

from __future__ import annotations

import re

from modules.diagram.kinds import FUNCTIONS, GROUPS
from modules.diagram.labels import CONDITIONAL, EXTERNAL, PUBLIC, REPEATED, SCOPED
from modules.diagram.model import REFERENCE, REQUEST, TRUST, Graph, Node

ARROWS = {REQUEST: "==>", TRUST: "-.->", REFERENCE: "-->"}
LINK_STYLES = {
    REQUEST: "stroke:#1f6fb2,stroke-width:3px",
    TRUST: "stroke:#d35400,stroke-width:2px",
    REFERENCE: "stroke:#8a8a8a,stroke-width:1px",
}
#: Node classes by mark, in the order they are declared (a later class wins where both apply).
CLASSES = {
    EXTERNAL: "fill:#f2f3f4,stroke:#7f8c8d,color:#000",
    CONDITIONAL: "stroke-dasharray:5 3",
    REPEATED: "stroke-dasharray:5 3",
    SCOPED: "fill:#f4ecf7,stroke:#7d3c98,stroke-width:2px,color:#000",
    PUBLIC: "fill:#fdecea,stroke:#c0392b,stroke-width:3px,color:#000",
}
#: Characters Mermaid would read as syntax inside a quoted label, as its entity codes.
ESCAPES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;"}
LEGEND = (
    "Thick blue arrows: the request path (route -> authorizer, route -> integration -> function or upstream).",
    "Dotted orange arrows: the trust path (the authorizer's issuer and audience). Thin grey: other references.",
    "Red: public route (no authorization). Purple: route that needs scopes. Dashed: created only when enabled.",
)


def node_id(address: str) -> str:
    """A Mermaid-safe id for a node: letters, digits and `_` only."""
    return re.sub(r"[^A-Za-z0-9_]", "_", address)


def node_ids(graph: Graph) -> dict[str, str]:
    """Node → Mermaid id; a second node with the same id (`a-b` and `a_b`) gets `_2`, in the graph's order."""
    ids: dict[str, str] = {}
    for node in graph.nodes:
        base = candidate = node_id(node.id)
        number = 1
        while candidate in ids.values():
            number += 1
            candidate = f"{base}_{number}"
        ids[node.id] = candidate
    return ids


def render_mermaid(graph: Graph) -> str:
    """The complete `.mmd` text, ending with a newline."""
    lines = ["---", f"title: {graph.title}", "---", *(f"%% {text}" for text in LEGEND), "flowchart LR"]
    ids = node_ids(graph)
    for group, title in GROUPS.items():
        members = [node for node in graph.nodes if node.place.group == group]
        if not members:
            continue
        lines.append(f'  subgraph group_{group}["{_escape(title)}"]')
        for function in sorted({node.place.function for node in members}):
            inside = [node for node in members if node.place.function == function]
            if group == FUNCTIONS and function:
                lines.append(f'    subgraph box_{ids[function]}["{_escape(graph.function_title(function))}"]')
                lines.extend(f"      {_node(node, ids)}" for node in inside)
                lines.append("    end")
            else:
                lines.extend(f"    {_node(node, ids)}" for node in inside)
        lines.append("  end")
    lines.extend(f"  {_node(node, ids)}" for node in graph.nodes if node.place.group not in GROUPS)
    for edge in graph.edges:
        arrow = ARROWS[edge.kind]
        lines.append(f'  {ids[edge.source]} {arrow}|"{_escape(edge.label)}"| {ids[edge.target]}')
    for kind, style in LINK_STYLES.items():
        indices = [str(i) for i, edge in enumerate(graph.edges) if edge.kind == kind]
        if indices:
            lines.append(f"  linkStyle {','.join(indices)} {style}")
    for mark, style in CLASSES.items():
        marked = [ids[node.id] for node in graph.nodes if mark in node.marks]
        if marked:
            lines.extend((f"  classDef {mark} {style}", f"  class {','.join(marked)} {mark}"))
    return "\n".join(lines) + "\n"


def _node(node: Node, ids: dict[str, str]) -> str:
    text = "<br/>".join(_escape(line) for line in node.lines)
    opening, closing = ("([", "])") if EXTERNAL in node.marks else ("[", "]")
    return f'{ids[node.id]}{opening}"{text}"{closing}'


def _escape(text: str) -> str:
    return "".join(ESCAPES.get(character, character) for character in text)
