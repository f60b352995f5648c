"""The ``users`` sample subgraph: accounts (``User`` entity), paging and ``me``."""

from subgraphs.users.app import create

__all__ = ["create"]
