"""The benchmarks: one script per subject (render, segment, tm, translate, build) and the suite
that runs them all (``python bench/suite.py``, ``python -m bench``; see docs/performance.md)."""
