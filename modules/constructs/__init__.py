"""The constructs: one concept each, composed per environment by `stacks.py` (and by the module stack)."""
