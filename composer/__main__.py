"""``python -m composer``: the composition CLI."""

import sys

from composer.cli import main

sys.exit(main())
