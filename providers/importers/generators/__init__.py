"""Generators of realistic source files in their published layouts, for tests,
benchmarks and demos: nothing here needs the network."""
