"""Run the command line while one file is held by another program, as Excel holds an open workbook on
Windows: replacing it raises PermissionError with WinError 32 (sharing violation).

    python locked_child.py HELD_NAME ARGS...
"""

import os
import sys

_held = sys.argv[1]
_real_replace = os.replace


def _replace(src, dst, *args, **kwargs):
    if os.path.basename(os.fspath(dst)) == _held:
        exc = PermissionError(13, "The process cannot access the file because it is being used by another "
                                  "process", os.fspath(dst))
        exc.winerror = 32
        raise exc
    return _real_replace(src, dst, *args, **kwargs)


os.replace = _replace

if __name__ == "__main__":
    from landdesk.cli.main import main

    sys.exit(main(sys.argv[2:]))
