"""`make graph`: the architecture of every synthesized environment, drawn (`modules/diagram`) from `cdktf.out`
only, never from the stacks or constructs, into `cdktf.out/graph/<env>.{mmd,svg,png}`."""
