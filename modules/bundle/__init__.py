"""Reproducible Lambda bundles.

- `build_lambda_zip`, `source_files`, `source_code_hash`, `FIXED_DATE_TIME`: the reproducible zip itself.
"""

from modules.bundle.reproducible_zip import FIXED_DATE_TIME, build_lambda_zip, source_code_hash, source_files

__all__ = ["FIXED_DATE_TIME", "build_lambda_zip", "source_code_hash", "source_files"]
