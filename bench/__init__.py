"""Benchmarks: each module prints its figures (see its docstring for how to run it)."""
