"""`make bench`: synth time and memory, lazy against ordinary provider loading, and how they scale."""
