"""vbgraph tests."""
