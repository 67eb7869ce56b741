"""Generator for a Cognito-protected AWS API Gateway v2 HTTP API (cdktf or cdktn, Python).

Importing the package prepares jsii's Node process for the chosen engine (`modules/engines.py`), before any
jsii package (`constructs`, the engine) is imported: the engine's own Node 24, with the lazy provider index
(`lazy_provider.js`) preloaded. `modules/engine.py` is the one module that imports the engine.
"""

from modules.engines import chosen_engine, prepare_node

prepare_node(chosen_engine())
