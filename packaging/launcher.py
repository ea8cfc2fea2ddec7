"""Entry point of both frozen programs: the same command line as `landdesk` (no arguments opens the desk).

The windowed program (landdeskw.exe) has no console: sys.stdout/stderr are None there, and what a
command prints goes nowhere (landdesk/cli/console.py). Windows starts it as `landdeskw.exe FILE.ldpkg`
when a package is double-clicked: that opens the desk.
"""

import sys

from landdesk.cli.main import main


def _args(argv: list[str]) -> list[str]:
    if sys.stdout is None and len(argv) == 1 and argv[0].lower().endswith(".ldpkg"):
        return []
    return argv


if __name__ == "__main__":
    sys.exit(main(_args(sys.argv[1:])))
