"""Entry point of both frozen programs: the same command line as `landdesk` (no arguments opens the desk).

The windowed program (landdeskw.exe) has no console: sys.stdout/stderr are None there, and what a
command prints goes nowhere (landdesk/cli/console.py). Windows starts it as `landdeskw.exe FILE.ldpkg`
when a package is double-clicked: the desk opens and shows that package (landdesk/ui/open_package.py).
"""

import sys

from landdesk.cli.main import main


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
