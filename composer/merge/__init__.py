"""Merge stage: validated subgraphs in, one supergraph model out (one module per type kind)."""
