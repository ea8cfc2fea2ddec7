"""A guard against PySide6's lost references to `True` and `None` (the "bool_dealloc" crash, issue 13 §18).

PySide6 6.12 returns `True` from `SignalInstance.emit()` and `None` from every method without a result
(`setText`, `setEnabled`, `super().keyPressEvent(e)`…) without a reference of their own, so each such
call from Python takes one reference away from that constant. The editor emits two signals per
keystroke: after about 7,400 typed characters the count of `True` reached zero and the process died
with "Fatal Python error: bool_dealloc … deallocating True or False" (exit 134) in the middle of the
day, and `None` followed a little later ("none_dealloc"). With fewer, the references still missing
made the interpreter's last garbage collection at exit hit zero — the crash after Ctrl+Q that the test
process used to hide with `os._exit`.

Python 3.12 made `True`, `False` and `None` immortal for exactly this kind of extension bug (PEP 683),
so there the lost references do no harm. On 3.11 this module measures the loss once (an emit and a
method call on a throwaway object) and, only when references are really lost, gives `True`, `False`
and `None` 2**40 extra references each: no session makes a trillion calls. Imported by
`landdesk/ui/__init__.py`, so every process that uses the window (the app, tests, screenshots) is
covered before it makes its first call.
"""

from __future__ import annotations

import ctypes
import logging
import os
import sys

from PySide6.QtCore import QObject, Signal

log = logging.getLogger("landdesk.ui")
EXTRA = 1 << 40
PROBES = 8
_CONSTANTS = {"True": True, "False": False, "None": None}
guarded: dict[str, int] = {}  # constant → extra references given
measured: dict[str, dict[str, float]] = {}  # probe → constant → references lost per call


class _Probe(QObject):
    fired = Signal(bool)


def losses() -> dict[str, dict[str, float]]:
    """References to True/False/None that one call of each kind takes away (0 when none)."""
    probe = _Probe()
    probe.fired.connect(lambda _flag: None)
    calls = {"emit": lambda i: probe.fired.emit(i % 2 == 0), "method without result": lambda i: probe.setObjectName("p")}
    out = {}
    for kind, call in calls.items():
        call(0)  # the first call builds caches that hold references of their own
        before = {k: sys.getrefcount(v) for k, v in _CONSTANTS.items()}
        for i in range(PROBES):
            call(i)
        after = {k: sys.getrefcount(v) for k, v in _CONSTANTS.items()}
        out[kind] = {k: max(0, before[k] - after[k]) / PROBES for k in _CONSTANTS}
    probe.deleteLater()
    return out


def _add_references(obj, n: int) -> None:
    # ob_refcnt is the first field of every object in a release build of CPython 3.11. One straight
    # line of C-level attribute work: 3.11 checks for a thread switch on calls and backward jumps only,
    # so no other thread can change the count between the read and the write.
    cell = ctypes.c_ssize_t.from_address(id(obj))
    cell.value = cell.value + n


def install() -> dict[str, int]:
    """Measure once per process; when references are lost, protect the three constants."""
    if measured or sys.version_info >= (3, 12) or sys.implementation.name != "cpython" \
            or hasattr(sys, "getobjects"):  # 3.12+: immortal; a trace-refs debug build has another layout
        return guarded
    if os.environ.get("LANDDESK_REFGUARD") == "off":  # to reproduce the crash (tests/ui/test_exit.py)
        return guarded
    measured.update(losses())
    if not any(n for per in measured.values() for n in per.values()):
        return guarded
    for name, obj in _CONSTANTS.items():
        start = sys.getrefcount(obj)
        _add_references(obj, EXTRA)
        if sys.getrefcount(obj) - start != EXTRA:  # not the layout assumed: undo, leave as it was
            _add_references(obj, -EXTRA)
            log.warning("PySide6 loses references to %s; could not compensate", name)
            continue
        guarded[name] = EXTRA
    log.info("PySide6 loses references to constants (%s); %s protected", measured, ", ".join(guarded))
    return guarded
