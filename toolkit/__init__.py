"""driftcheck: verify that a translation kept the meaning of its source.

The data flows one way: load -> detect language -> segment -> embed -> align ->
check -> verdict -> report. This package is importable without click, torch or
sentence-transformers; the heavy imports happen only when a model is loaded.
"""

__version__ = "0.1.0"
