"""``python -m translate.testing OUT [--opus-shape]``: build a random-weight Marian model folder."""

import sys

from .random_marian import main

sys.exit(main())
