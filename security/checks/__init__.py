"""Custom checkov policies of this project, loaded with `--external-checks-dir security/checks` (checkov's venv)."""
