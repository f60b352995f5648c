"""``python -m subgraphs.reviews --port 4003``."""

import sys

from subgraphs.kit import serve
from subgraphs.reviews.app import create

sys.exit(serve(create, name="reviews", default_port=4003))
