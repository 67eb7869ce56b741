"""How a change travels to AWS: the GitHub Actions workflows of the cdktf stacks (`make pipeline`) and of the
exported env roots (`dist/ci/`), the third-party actions they pin, and the IAM a pipeline needs (`dist/bootstrap/`:
the OIDC trust and deploy roles whose permissions come from the resource types the stacks create).

A library of the config and of `cdktf.out` (through `modules.synth_output`), shared by the pipeline and the
packager, which never import each other."""
