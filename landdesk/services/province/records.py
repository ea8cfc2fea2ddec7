"""A verified package's dossier records as compact rows, parsed in a worker process when it pays.

Parsing (orjson), the per-record format check and the key extraction are most of an import's CPU,
and they hold the GIL: a thread gains nothing. On Linux a forked worker does them for big packages
while the importing process writes the previous batch; it sends back one tuple per record (the
record's bookkeeping, its duplicate-detection keys and the ready insert row holding the exact line
text). The two share the parsing by records chunk (package entry): the importer takes the first
chunk while the worker starts, and a later one whenever the worker's next batch is late, instead
of idling (_Shared). Its errors come back as the same vi/en PackageError the in-process path
raises, in package order; a worker that dies, or an import that stops early (cancel, refused
record), never leaves a process behind.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import pickle
import queue
import sys
import threading
from collections.abc import Iterator
from itertools import islice
from typing import NamedTuple

import orjson

from landdesk.domain import package_format as pf
from landdesk.domain.errors import LandDeskError
from landdesk.domain.package_format import PackageError
from landdesk.domain.serial import normalise_serial
from landdesk.storage.province.bulk import RowForm
from landdesk.storage.province.keys import id_hash, key_hash
from landdesk.storage.province.packed import pack

BATCH = 2000  # records per message / per write batch: small enough to overlap parse and write
FIRST_BATCH = 250
WORKER_MIN = 3000  # below this a process (fork + transfer) costs more than it saves
SHARE = True  # the importer parses chunks itself while the worker is behind (_Shared); off: the worker parses all


class Parsed(NamedTuple):
    id: str
    commune: str  # the commune the dossier itself names ("" if none)
    change_no: int
    revision: int
    scans: tuple[str, ...]  # SHA-256 of the scans it references
    keys: bytes  # [its id, its id's hash, key hash, ...] as JSON (storage.province.keys.add_keys takes them)
    row: tuple  # storage DOSSIER_ROW tuple for a new dossier


def invalid_record() -> PackageError:
    return PackageError("Một bản ghi trong gói không hợp lệ; không nhập gì.",
                        "A record in the package is invalid; nothing was imported.")


def parse(line: bytes, commune: str, seq: int, form: RowForm) -> Parsed:
    """One dossier line: checked (package_format.check_dossier_record), summarised, its row built.

    The row's columns follow storage.province.bulk.DOSSIER_ROW; province_revision 0, not edited, no base:
    the importer adjusts the few rows that replace a stored dossier. Its data is the line itself (orjson
    has checked its UTF-8): packed when the store packs it (form, SQLite), else decoded, so that the
    worker does it, not the writer."""
    try:
        rec = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise PackageError("Một bản ghi trong gói không phải JSON hợp lệ.",
                           "A record in the package is not valid JSON.") from exc
    pf.check_dossier_record(rec)
    d = rec["dossier"]
    did = d["id"]
    scans = rec.get("scans") or ()
    if scans:
        scans = tuple(_scan_sha(ref) for ref in scans)
    holders = d.get("holders") or ()
    serial = normalise_serial(d.get("serial") or "")
    keys = {f"serial:{serial[:120]}"} if serial else set()
    keys.update(f"cccd:{str(c)[:120]}" for h in holders if (c := h.get("cccd")))
    checked = [h.get("verification") for h in holders]
    for p in d.get("parcels") or ():
        series = (p.get("map_series") or "").strip()
        sheet = p.get("sheet_map") or p.get("sheet_cert")
        parcel = p.get("parcel_map") or p.get("parcel_cert")
        if series and sheet and parcel:
            keys.add("parcel:" + f"{series}|{sheet}|{parcel}"[:120])
    keys = sorted(keys)
    key_rows = orjson.dumps(keys)[1:-1]  # stored with the dossier: its "kind:value" strings
    problems = rec.get("problems") or ()
    revision = rec["revision"]
    change_no = int(rec.get("change_no") or 0)
    row = (did, commune, str(d.get("status") or ""),
           "rejected" if problems else "accepted", revision, change_no, 0, False, len(problems), len(holders),
           checked.count("verified"), checked.count("incorrect"), checked.count("needs_police"), bool(scans),
           False, pack(line) if form.packed else line.decode("utf-8"), "", seq, form.stamp,
           key_rows if form.packed else key_rows.decode("utf-8"), form.key_run)
    return Parsed(did, d.get("commune_code") or "", change_no, revision, scans,
                  orjson.dumps([did, *dict.fromkeys((id_hash(did), *map(key_hash, keys)))]), row)


def _scan_sha(ref) -> str:
    sha = ref.get("sha256") if isinstance(ref, dict) else None
    if not isinstance(sha, str) or len(sha) != 64:
        raise PackageError("Tham chiếu ảnh quét không hợp lệ.", "Invalid scan reference.")
    return sha


def _batches(lines: Iterator[bytes], commune: str, seq: int, form: RowForm, size: int = FIRST_BATCH) -> Iterator[list[Parsed]]:
    # growing batches from FIRST_BATCH: the writer starts soon, and the parser keeps ahead of it
    while batch := [parse(line, commune, seq, form) for line in islice(lines, size)]:
        yield batch
        size = min(size * 2, BATCH)


def _guarded(batches: Iterator[list[Parsed]]) -> Iterator[list[Parsed]]:
    try:
        yield from batches
    except Exception as exc:
        raise _refusal(exc)  # noqa: B904 - the cause is kept by _refusal


def _refusal(exc: Exception) -> Exception:
    """A record of the wrong shape (a holder that is not an object, ...) is a refused package."""
    if isinstance(exc, (KeyError, TypeError, AttributeError, ValueError)) and not isinstance(exc, PackageError):
        refused = invalid_record()
        refused.__cause__ = exc
        return refused
    return exc


def _can_fork() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


@contextlib.contextmanager
def dossier_batches(pkg, commune: str, seq: int, form: RowForm, *, prepare=None, worker: bool | None = None):
    """Context manager giving an iterator of (batch, prepare(batch)) pairs in package order, a batch
    being a list of Parsed. With a worker, prepare (the importer's reads about a batch) runs in the
    thread that receives the worker's batches, while the importer writes the previous one (for the
    chunks the importer parses itself, in its own thread).

    worker: None = a process when the package is big enough and fork is available."""
    prepare = prepare or (lambda batch: None)
    total = pkg.header.get("counts", {}).get("dossiers", 0) or 0
    if worker is None:
        worker = total >= WORKER_MIN and _can_fork()
    if not worker:
        yield ((b, prepare(b)) for b in _guarded(_batches(pkg.raw_lines("dossiers"), commune, seq, form)))
        return
    chunks = list(pkg.entries("dossiers"))
    ctx = multiprocessing.get_context("fork")
    claims = _Claims(ctx, len(chunks))
    reader, writer = ctx.Pipe(duplex=False)
    _widen(writer)
    proc = ctx.Process(target=_work, args=(pkg, chunks, claims, commune, seq, form, reader, writer), daemon=True,
                       name="landdesk-records")
    proc.start()
    writer.close()  # ours: a dead worker then reads as EOF instead of a hang
    pump = _Pump(reader, prepare)
    shared = _Shared(pkg, chunks, claims, pump, (commune, seq, form), prepare)
    try:
        yield shared.batches()
    finally:
        pump.stop.set()
        if proc.is_alive():
            proc.kill()  # its end of the pipe closes: the pump's read returns
        pump.thread.join()
        reader.close()
        proc.join()


def _chunk_lines(pkg, chunk) -> Iterator[bytes]:
    """One records chunk (entry) of the package, inflated only by the process that parses it, and
    only when its first line is wanted: an error in it comes in turn."""
    yield from pkg.plain_lines(*chunk)


class _Claims:
    """Which process parses which chunk: both take chunks in increasing order from one shared
    counter (the next unclaimed chunk), so each chunk is parsed exactly once, and only the process
    that takes a chunk inflates it. The importer never blocks on the lock (a worker killed while
    holding it must not hang the import): when the lock is busy, the worker is taking the chunk."""

    def __init__(self, ctx, total: int):
        self.total = total
        self.next = ctx.RawValue("q", 0)
        self.lock = ctx.Lock()

    def take(self, chunk: int | None = None, *, after: int = -1, block: bool = True) -> int | None:
        """The next unclaimed chunk, now ours, if it is `chunk` (when given) and comes after `after`;
        else None."""
        if not self.lock.acquire(block):
            return None
        try:
            n = self.next.value
            if n >= self.total or n <= after or (chunk is not None and n != chunk):
                return None
            self.next.value = n + 1
            return n
        finally:
            self.lock.release()


class _Ahead:
    """A later chunk the importer claimed and parses, PIECE records at a time, while it would
    otherwise wait for the worker (it looks at the worker's queue again between pieces). At most
    BATCH records wait until the chunks before it are written; an error in it is raised only then,
    so a refusal names the first bad record in package order."""

    PIECE = 250

    def __init__(self, chunk: int, lines: Iterator[bytes], args: tuple, prepare):
        self.chunk, self.lines, self.args, self.prepare = chunk, lines, args, prepare
        self.parsed: list[Parsed] = []
        self.error: Exception | None = None
        self.done = False

    def step(self) -> bool:
        """Parse one more piece; False when there is nothing more to do before its turn."""
        if self.done or len(self.parsed) >= BATCH:
            return False
        try:
            piece = [parse(line, *self.args) for line in islice(self.lines, self.PIECE)]
        except Exception as exc:  # noqa: BLE001 - raised in package order, by drain()
            self.error, self.done = _refusal(exc), True
            return True
        self.parsed += piece
        self.done = len(piece) < self.PIECE
        return True

    def drain(self) -> Iterator[tuple[list[Parsed], object]]:
        if self.error is not None:
            raise self.error
        if self.parsed:
            yield self.parsed, self.prepare(self.parsed)
        if not self.done:
            yield from ((b, self.prepare(b)) for b in _guarded(_batches(self.lines, *self.args, BATCH)))


class _Shared:
    """The importer's side of the work sharing. Writing is most of its time, but whenever the
    worker's next batch is not there yet it parses a chunk itself instead of waiting (a parsed batch
    it keeps costs no pickling either): on two cores neither process idles. Batches come out in
    package order, whoever parsed them."""

    def __init__(self, pkg, chunks: list, claims: _Claims, pump: _Pump, args: tuple, prepare):
        self.pkg, self.chunks, self.claims, self.pump, self.args, self.prepare = pkg, chunks, claims, pump, args, prepare

    def _own(self, chunk: int) -> Iterator[list[Parsed]]:
        lines = _chunk_lines(self.pkg, self.chunks[chunk])
        return _guarded(_batches(lines, *self.args, FIRST_BATCH if chunk == 0 else BATCH))

    def batches(self) -> Iterator[tuple[list[Parsed], object]]:
        ahead: _Ahead | None = None
        last = len(self.chunks) - 1
        for c in range(len(self.chunks)):
            if ahead is not None and ahead.chunk == c:
                yield from ahead.drain()
                ahead = None
            elif SHARE and c < last and self.claims.take(c, block=False) is not None:
                # nobody has it yet (the start: the worker is still forking); the last chunk of a
                # one-chunk package stays the worker's, or the importer would parse it all alone
                yield from ((b, self.prepare(b)) for b in self._own(c))
            else:
                while (item := self._next(c, ahead)) is not None:
                    if isinstance(item, _Ahead):
                        ahead = item
                    else:
                        yield item

    def _next(self, chunk: int, ahead: _Ahead | None):
        """The worker's next batch of `chunk` (None after its last), parsing ahead while waiting."""
        while (item := self.pump.get(block=False)) is None:
            if self.pump.reader.poll():  # a batch is on its way: receiving it comes first
                item = self.pump.get(block=True)
                break
            if ahead is None and SHARE:
                k = self.claims.take(after=chunk, block=False)  # `chunk` itself stays the worker's
                if k is not None:
                    return _Ahead(k, _chunk_lines(self.pkg, self.chunks[k]), self.args, self.prepare)
            if ahead is None or not ahead.step():
                item = self.pump.get(block=True)
                break
        kind, *payload = item
        if kind == "rows":
            return payload[0], payload[1]
        if kind == "chunk" and payload[0] == chunk:
            return None
        return self.pump.fail(item)


def _widen(conn) -> None:
    """A 1 MB pipe instead of 64 KB: a batch crosses in a few reads, not a hundred GIL hand-overs."""
    import fcntl  # Linux only, like the worker

    with contextlib.suppress(OSError, AttributeError):
        fcntl.fcntl(conn.fileno(), fcntl.F_SETPIPE_SZ, 1 << 20)


class _Pump:
    """Receives the worker's batches as they come (the read releases the GIL) and prepares each
    (the importer's lookups: database work, mostly without the GIL) while the importer writes the
    previous one. The worker never waits for the importer to finish a batch before handing over
    the next. At most QUEUED batches wait: memory stays bounded."""

    QUEUED = 2

    def __init__(self, reader, prepare):
        self.reader, self.prepare = reader, prepare
        self.queue: queue.Queue = queue.Queue(self.QUEUED)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="landdesk-records-pump", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.is_set():
            item = self._next()
            while not self.stop.is_set():
                try:
                    self.queue.put(item, timeout=0.1)
                    break
                except queue.Full:
                    continue
            if item[0] not in ("rows", "chunk"):
                return

    def _next(self) -> tuple:
        try:
            kind, *payload = pickle.loads(self.reader.recv_bytes())
        except (EOFError, OSError):
            return ("died",)  # the worker ended before its last message
        if kind != "rows":
            return (kind, *payload)
        try:
            return ("rows", payload[0], self.prepare(payload[0]))
        except BaseException as exc:  # noqa: BLE001 - handed to the importer, raised there
            return ("raise", exc)

    def get(self, *, block: bool) -> tuple | None:
        try:
            return self.queue.get(block)
        except queue.Empty:
            return None

    @staticmethod
    def fail(item: tuple):
        """Raise what a message other than rows or the expected chunk's end says."""
        kind, *payload = item
        if kind == "raise":
            raise payload[0]
        if kind == "refused":
            raise PackageError(*payload)
        if kind == "failed":
            raise LandDeskError(f"Lỗi khi đọc các bản ghi của gói ({payload[0]}); không nhập gì.",
                                f"Error while reading the package's records ({payload[0]}); nothing was imported.")
        # died, or a message out of turn (cannot happen with a sane worker)
        raise LandDeskError("Tiến trình đọc các bản ghi của gói đã dừng bất thường; không nhập gì.",
                            "The process reading the package's records stopped unexpectedly; "
                            "nothing was imported.")


def _work(pkg, chunks: list, claims: _Claims, commune: str, seq: int, form: RowForm, reader, writer) -> None:
    """In the forked worker: parse the chunks it claims, in order, and send them batch by batch, each
    chunk followed by its end mark (the pipe's buffer keeps at most about one batch ahead of the
    writer, so memory stays bounded)."""
    reader.close()
    gc.disable()  # parsed JSON has no cycles; collections would only rescan the live batch
    try:
        while (c := claims.take()) is not None:
            lines = _chunk_lines(pkg, chunks[c])
            for batch in _guarded(_batches(lines, commune, seq, form, FIRST_BATCH if c == 0 else BATCH)):
                writer.send(("rows", batch))
            writer.send(("chunk", c))
        writer.send(("end",))
    except (BrokenPipeError, ConnectionResetError):  # the importer stopped listening
        return
    except PackageError as exc:
        writer.send(("refused", exc.vi, exc.en))
    except BaseException as exc:  # noqa: BLE001 - reported by name only: no record content leaves
        writer.send(("failed", type(exc).__name__))
    finally:
        writer.close()
