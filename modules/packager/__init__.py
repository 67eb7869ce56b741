"""`make package`: the product as plain Terraform in `dist/`, for teams that run neither Python nor cdktf.

Reads the synth output only (`cdktf.out`, see `modules/synth_output/layout.py`), never the stacks, and writes:

- `dist/terraform-aws-<project>-<version>/`: the reusable module (main.tf, variables.tf, outputs.tf,
  versions.tf, function.zip, README.md with its architecture diagram, architecture.png,
  examples/complete/main.tf);
- `dist/envs/<env>/main.tf`: a ready root configuration per environment (provider, backend, module call);
- `dist/terraform-aws-<project>-<version>.tar.gz` and `.zip`, byte-reproducible, and `dist/SHA256SUMS`.

`python -m modules.packager --help` lists the options.
"""
