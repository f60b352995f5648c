"""Subgraph stages: parse, resolve @link, upgrade Federation 1, validate."""
