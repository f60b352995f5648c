"""``python -m subgraphs.users --port 4001``."""

import sys

from subgraphs.kit import serve
from subgraphs.users.app import create

sys.exit(serve(create, name="users", default_port=4001))
