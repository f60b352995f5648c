"""``python -m subgraphs.products --port 4004``."""

import sys

from subgraphs.kit import serve
from subgraphs.products.app import create

sys.exit(serve(create, name="products", default_port=4004))
