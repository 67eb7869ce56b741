"""Writing outputs safely and reproducibly: atomic replacement of a directory or file, reproducible archives."""
