"""``python -m subgraphs.orders --port 4002``."""

import sys

from subgraphs.kit import serve
from subgraphs.orders.app import create

sys.exit(serve(create, name="orders", default_port=4002))
