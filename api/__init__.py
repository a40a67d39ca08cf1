"""vbgraph's interfaces: the command line (``api.cli``) and, later, the HTTP API.

Neither holds logic of its own: both call ``loaders`` and ``graph``.
"""
