"""Evaluate the small HCL expression subset the exported Terraform uses, on python-hcl2's parse.

Written independently of `modules/packager` (it must not check the packager with its own code). Values are
Python data; a reference to something only known at apply time (a resource attribute, `path.module`) stays
symbolic as a `Ref`, a `str` spelled `${<reference>}`: that is exactly how cdktf writes it in `cdk.tf.json`, so
evaluated HCL compares to the synthesized JSON directly. A `for` expression over a collection known only at
apply time stays symbolic too, as its own text without whitespace (`canonical`). Only the branch a known
condition selects is evaluated, as in Terraform. Anything outside the subset raises `Unsupported`.
"""

from __future__ import annotations

from tests.hcl_eval.blocks import body, unquote, value
from tests.hcl_eval.parser import evaluate
from tests.hcl_eval.values import COUNTS, Ref, Unsupported, canonical, ref

__all__ = ["COUNTS", "Ref", "Unsupported", "body", "canonical", "evaluate", "ref", "unquote", "value"]
