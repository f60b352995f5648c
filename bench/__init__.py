"""Side-by-side benchmarks of Switchyard against the reference implementations."""
