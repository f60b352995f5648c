"""Switchyard router: loads a supergraph, plans client operations and executes them."""
