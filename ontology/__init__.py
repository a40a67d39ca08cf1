"""vbgraph: ontology."""
