"""vbgraph: viz."""
