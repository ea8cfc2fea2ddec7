"""The Windows-semantics layer: what a commune PC running Windows does differently, proven on Linux
(console code pages, Windows path rules, no fork, locked files, the log). See each module's docstring."""

from tests.sync.conftest import linked, linked_template  # noqa: E402, F401 (the province import's fixtures)
