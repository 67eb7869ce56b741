"""`make pipeline`: the project's GitHub Actions workflows, written to `.github/workflows/` from the config."""
