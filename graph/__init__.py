"""vbgraph: graph."""
