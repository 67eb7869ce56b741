"""Generator for a Cognito-protected AWS API Gateway v2 HTTP API (cdktf, Python).

Importing the package prepares jsii's Node process, which starts with the first cdktf import:
- `JSII_NODE`: the project's own Node 24 (npm package `node`, installed by `make synth`) unless already set,
  because the machine's Node may be end-of-life and jsii prints a banner on it;
- `NODE_OPTIONS --require modules/lazy_provider.js`: the provider's JavaScript modules load lazily, like its
  Python modules do (`modules/engine.py`).
"""

import os
from pathlib import Path

_HERE = Path(__file__).resolve().parent
_NODE = _HERE.parent / "node_modules" / "node" / "bin" / "node"
_LAZY_PROVIDER = f"--require={_HERE / 'lazy_provider.js'}"

if _NODE.exists():
    os.environ.setdefault("JSII_NODE", str(_NODE))
if _LAZY_PROVIDER not in os.environ.get("NODE_OPTIONS", ""):
    os.environ["NODE_OPTIONS"] = f"{os.environ.get('NODE_OPTIONS', '')} {_LAZY_PROVIDER}".strip()
