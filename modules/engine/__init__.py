"""The one seam to the CDK engine (cdktf or cdktn): `selection` chooses it without starting anything;
`bindings` prepares jsii's Node (`lazy_provider.js`) and imports the engine, `constructs` and the AWS bindings."""
