"""Generator for a Cognito-protected AWS API Gateway v2 HTTP API (cdktf or cdktn, Python).

The layers, each a package, in the direction data flows (`make lint` holds them with import-linter):
`config` (the validated config) → `constructs` (on `engine`, the one seam to cdktf/cdktn, and `bundle`, the
functions' zips) → `synth` (writes `cdktf.out`) → `synth_output` (the one typed reader of `cdktf.out`) → its
consumers `packager`, `local`, `graph`; `tools` (bench, policy scan) sit on top. Importing a package has no side
effect: only `modules.engine.bindings` prepares jsii's Node, just before it starts.
"""
