"""Progress and cancel as plain data: services report through these, front ends poll them."""

from __future__ import annotations

import threading
from collections.abc import Callable

from landdesk.domain.errors import Cancelled

Progress = Callable[[int, int, str], None]


def no_progress(done: int, total: int, label: str = "") -> None:
    """Default progress sink for callers that do not show progress."""


class CancelToken:
    """Set from any thread; the service calls check() between units of work."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()


NEVER_CANCEL = CancelToken()
