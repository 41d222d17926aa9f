import sys

from .cli import main

# Guarded: batch worker processes (forkserver/spawn) import the main module again.
if __name__ == "__main__":
    sys.exit(main())
