"""``python -m router --supergraph FILE --port N``: serve a supergraph."""

import sys

from router.cli import router_main

sys.exit(router_main())
