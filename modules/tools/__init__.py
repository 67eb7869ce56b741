"""Tools on top of everything, which nothing imports: the benchmark (`bench`) and the policy scan (`policy_scan`)."""
