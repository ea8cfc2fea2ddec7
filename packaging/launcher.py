"""Entry point of the frozen app: the same command line as `landdesk` (no arguments opens the desk)."""

import sys

from landdesk.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
