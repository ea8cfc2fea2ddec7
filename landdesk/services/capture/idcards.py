"""Chip-card QR codes read from the stored pages, checked, and set beside the holders typed in the dossier.

Each page is read once: what zxing-cpp found is kept under cache/cards/ by the page's content hash
(with the reader's version), as the raw texts, so a stricter payload check applies to old reads too.
A card is matched to a holder by ID number (12-digit, or the old 9-digit), else by the folded name;
a card that matches nobody is offered for an empty holder ("fill") or as a new one ("add"). A
difference in ID, name (accents, case and tone placement folded), birth date or gender is a problem;
a spelling with other accents, or a full birth date where only the year was typed, is offered as the
card's value without being called a problem.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from landdesk.domain import i18n, matching
from landdesk.domain.cardcheck import check_payload, problem_label
from landdesk.domain.cccd import QrPayload
from landdesk.domain.codes import HolderKind
from landdesk.domain.fileio import atomic_write
from landdesk.domain.model import Holder
from landdesk.domain.progress import NEVER_CANCEL, CancelToken, Progress, no_progress
from landdesk.media import idcard
from landdesk.services import dossiers, scans
from landdesk.services.users import require
from landdesk.storage.commune import scans as q
from landdesk.storage.commune.scans import PageInfo
from landdesk.storage.uow import UnitOfWork

# Differences shown with the card's value but not as problems.
NOT_PROBLEMS = {matching.ACCENTS_SPACING, matching.TONE_PLACEMENT, matching.YEAR_ONLY_BIRTH}


@dataclass(frozen=True)
class CardDifference:
    field: str  # name, cccd, cmnd, birth, gender, address
    reason: str
    typed: str
    card: str
    problem: bool


@dataclass(frozen=True)
class CardRead:
    """One chip-card QR code on one page, and what it means for the dossier's holders."""

    page_id: str
    kind: str
    position: int
    ok: bool
    problems: tuple[str, ...]  # why a card-like payload was refused (cardcheck codes)
    card: QrPayload | None = None
    holder_index: int | None = None  # position in the dossier's holders
    holder_id: str | None = None
    holder_name: str = ""
    offer: str = ""  # "compare", "fill" (an empty holder) or "add"
    differences: tuple[CardDifference, ...] = ()

    @property
    def has_problem(self) -> bool:
        return not self.ok or any(d.problem for d in self.differences)


@dataclass
class DossierCards:
    dossier_id: str
    dossier_num: int
    serial: str
    reads: list[CardRead] = field(default_factory=list)

    @property
    def has_problems(self) -> bool:
        return any(r.has_problem for r in self.reads)

    def as_json(self, lang: str = "vi") -> dict:
        return {"dossier_id": self.dossier_id, "dossier_num": self.dossier_num, "serial": self.serial,
                "cards": [_read_json(r, lang) for r in self.reads], "problems": self.has_problems}

    def lines(self, lang: str = "vi") -> list[str]:
        out = [i18n.pick(f"Hồ sơ số {self.dossier_num}", f"Dossier {self.dossier_num}", lang)
               + (f" — {self.serial}" if self.serial else "")]
        for r in self.reads:
            where = f"{r.kind.upper()} {i18n.pick('trang', 'page', lang)} {r.position}"
            if not r.ok:
                out.append(f"  ✗ {where}: " + i18n.pick("mã QR không hợp lệ: ", "QR code refused: ", lang)
                           + "; ".join(problem_label(c, lang) for c in r.problems))
                continue
            who = r.card.name if r.card else ""
            if r.offer == "compare":
                head = f"  {'✗' if r.has_problem else '✓'} {where}: {who} ↔ " + (r.holder_name or "—")
            elif r.offer == "fill":
                head = f"  + {where}: {who} — " + i18n.pick("điền vào người sử dụng còn trống", "fill the empty holder", lang)
            else:
                head = f"  + {where}: {who} — " + i18n.pick("chưa có trong hồ sơ", "not among the holders", lang)
            out.append(head)
            for d in r.differences:
                label = i18n.pick(*matching.FIELD_LABELS.get(d.field, (d.field, d.field)), lang)
                mark = "≠" if d.problem else "~"
                out.append(f"      {mark} {label}: {d.typed or '—'} → {d.card}")
        return out


def _read_json(r: CardRead, lang: str) -> dict:
    card = None
    if r.card is not None:
        c = r.card
        card = {"cccd": c.cccd, "cmnd": c.cmnd, "name": c.name, "birth": c.birth.display(),
                "gender": c.gender.label(lang), "address": c.address,
                "issued": c.issued.strftime("%d/%m/%Y") if c.issued else None}
    return {"page_id": r.page_id, "kind": r.kind, "position": r.position, "valid": r.ok,
            "refused_because": [problem_label(c, lang) for c in r.problems], "card": card,
            "holder": {"index": r.holder_index, "id": r.holder_id, "name": r.holder_name}
            if r.holder_id else None,
            "offer": r.offer,
            "differences": [{"field": d.field, "reason": d.reason, "typed": d.typed, "card": d.card,
                             "problem": d.problem} for d in r.differences]}


# ---- reading pages (cached) -----------------------------------------------------------------


def _cache_path(ctx: UnitOfWork, sha: str) -> Path:
    return ctx.root / "cache" / "cards" / sha[:2] / f"{sha}.json"


def page_texts(ctx: UnitOfWork, page: PageInfo) -> list[str]:
    """The QR texts on a stored page (read once, then from the cache)."""
    cache = _cache_path(ctx, page.sha256)
    try:
        kept = json.loads(cache.read_text(encoding="utf-8"))
        if kept.get("v") == idcard.READER_VERSION and isinstance(kept.get("texts"), list):
            return [t for t in kept["texts"] if isinstance(t, str)]
    except (OSError, ValueError):
        pass
    path = scans.page_path(ctx, page)
    try:
        texts = [f.text for f in idcard.read_file(path, page.dpi)]
    except (OSError, ValueError, SyntaxError):
        return []  # a missing or damaged file is reported by 'scans check', not here
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(cache, json.dumps({"v": idcard.READER_VERSION, "texts": texts}, ensure_ascii=False).encode())
    except OSError:
        pass  # a cache that cannot be written only costs time
    return texts


def _card_like(text: str) -> bool:
    return text.count("|") >= 4 and text.strip()[:12].isdigit()


# ---- matching with the holders --------------------------------------------------------------


def _person(h: Holder) -> matching.Person:
    return matching.Person(h.name, h.cccd, h.cmnd, h.birth, h.gender, h.address)


def _card_person(c: QrPayload) -> matching.Person:
    return matching.Person(c.name, c.cccd, c.cmnd, c.birth, c.gender, c.address)


def differences(holder: Holder, card: QrPayload) -> tuple[CardDifference, ...]:
    out = []
    for d in matching.compare(_person(holder), _card_person(card)):
        out.append(CardDifference(d.field, d.reason, d.ours, d.theirs, d.reason not in NOT_PROBLEMS))
    typed = {d.field for d in out}
    if not holder.birth and "birth" not in typed:
        out.append(CardDifference("birth", "empty", "", card.birth.display(), False))
    if holder.gender is None and "gender" not in typed:
        out.append(CardDifference("gender", "empty", "", card.gender.label("vi"), False))
    if not holder.cmnd and card.cmnd and card.cmnd != card.cccd and "cmnd" not in typed:
        out.append(CardDifference("cmnd", "empty", "", card.cmnd, False))
    if not holder.address.strip() and card.address:
        out.append(CardDifference("address", "empty", "", card.address, False))
    return tuple(out)


def match_card(holders: list[Holder], card: QrPayload) -> tuple[int | None, str]:
    """(holder index, offer) for a card among a dossier's holders."""
    people = [(i, h) for i, h in enumerate(holders) if h.kind == HolderKind.PERSON]
    for i, h in people:
        ids = {matching.id_digits(h.cccd), matching.id_digits(h.cmnd)} - {""}
        if card.cccd in ids or (card.cmnd and card.cmnd in ids):
            return i, "compare"
    key = matching.name_key(card.name)
    for i, h in people:
        if h.name and matching.name_key(h.name) == key:
            return i, "compare"
    for i, h in people:
        if not h.name.strip() and not h.cccd.strip():
            return i, "fill"
    return None, "add"


def _reads_for(ctx: UnitOfWork, d, pages: list[PageInfo]) -> list[CardRead]:
    out = []
    for p in pages:
        for text in page_texts(ctx, p):
            if not _card_like(text):
                continue  # cover sheets and other QR codes
            chk = check_payload(text)
            if not chk.ok:
                out.append(CardRead(p.id, p.kind, p.position, False, chk.problems))
                continue
            card = chk.payload
            idx, offer = match_card(d.holders, card)
            h = d.holders[idx] if idx is not None else None
            diffs = differences(h, card) if h is not None and offer == "compare" else ()
            out.append(CardRead(p.id, p.kind, p.position, True, (), card, idx, h.id if h else None,
                                h.name if h else "", offer, diffs))
    return out


def dossier_cards(ctx: UnitOfWork, dossier_id: str) -> DossierCards:
    """Every chip-card QR code on a dossier's pages (any kind), matched with its holders."""
    require(ctx, "read")
    did = scans._dossier(ctx, dossier_id)
    d = dossiers.get_dossier(ctx, did)
    return DossierCards(did, d.num, d.serial, _reads_for(ctx, d, q.pages(ctx.session, did)))


def read_cards(ctx: UnitOfWork, dossier_id: str | None = None, *, all_kinds: bool = False,
               progress: Progress = no_progress, cancel: CancelToken = NEVER_CANCEL) -> list[DossierCards]:
    """Per dossier with card QR codes: the cards and how they compare with the typed holders.

    One dossier: every page. All dossiers: identity-paper (GT) pages, or every page with all_kinds."""
    require(ctx, "read")
    if dossier_id:
        found = dossier_cards(ctx, dossier_id)
        return [found] if found.reads else []
    out = []
    ids = q.scanned_dossier_ids(ctx.session)
    for n, did in enumerate(ids):
        cancel.check()
        progress(n, len(ids), "")
        pages = [p for p in q.pages(ctx.session, did) if all_kinds or p.kind == "gt"]
        if not pages:
            continue
        d = dossiers.get_dossier(ctx, did)
        reads = _reads_for(ctx, d, pages)
        if reads:
            out.append(DossierCards(did, d.num, d.serial, reads))
    progress(len(ids), len(ids), "")
    return out
