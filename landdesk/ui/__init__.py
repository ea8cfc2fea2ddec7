"""Desktop interface: the only package that imports PySide6."""

from landdesk.ui import refguard

refguard.install()  # before any signal is emitted in this process (see refguard.py)
