"""The one typed reader of `cdktf.out`: its layout, loading with one error line, the stacks' resources, data
sources and outputs, the `${…}` references between them, and `interface.json`. Every consumer (packager,
emulator, graph, policy scan) reads the synth output through this package, never through the stacks."""
