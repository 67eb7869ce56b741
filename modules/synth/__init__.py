"""The app: synthesize every environment (and the exported module's stack) into `cdktf.out`, atomically,
keeping Terraform's state, and summarize what was written."""
