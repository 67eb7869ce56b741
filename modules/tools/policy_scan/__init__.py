"""`make scan`: checkov's policy scan of every synthesized stack and of `dist/`, with the project's skips."""
