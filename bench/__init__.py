"""The performance benchmarks of the HeavySet Console: ``python -m bench.run`` (see docs/PERFORMANCE.md).

Benchmarks print figures and ratios; nothing here asserts on time.
"""
