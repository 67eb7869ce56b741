"""Generator for a Cognito-protected AWS API Gateway v2 HTTP API (cdktf, Python).

Importing the package points jsii at the project's own Node (npm package `node`, installed by `make synth`)
unless `JSII_NODE` is already set: the machine's Node may be end-of-life, and jsii prints a banner on it.
"""

import os
from pathlib import Path

_NODE = Path(__file__).resolve().parent.parent / "node_modules" / "node" / "bin" / "node"
if _NODE.exists():
    os.environ.setdefault("JSII_NODE", str(_NODE))
