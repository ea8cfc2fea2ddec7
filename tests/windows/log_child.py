"""Run the command line with every insert of holders failing inside SQLite (a real database error whose
message carries the row's values, as SQLAlchemy formats it): `python log_child.py ARGS...`."""

import re
import sys

from sqlalchemy import event
from sqlalchemy.engine import Engine

_HOLDERS = re.compile(r"(INSERT\s+(?:OR\s+\w+\s+)?INTO\s+)(\"?[\w.]*holders[\w]*\"?)", re.I)


@event.listens_for(Engine, "before_cursor_execute", retval=True)
def _fail_holders(conn, cursor, statement, parameters, context, executemany):
    return _HOLDERS.sub(r"\1no_such_table", statement), parameters


if __name__ == "__main__":
    from landdesk.cli.main import main

    sys.exit(main(sys.argv[1:]))
