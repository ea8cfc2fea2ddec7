"""Legacy 8-bit Vietnamese text (TCVN3, VNI) decided cell by cell, never for a whole file.

Data typed in VNI-Windows is pasted into Unicode templates; one register holds both. Each text cell
is decided on its own, strongest signal first:

1. its font: a `.Vn*` font (.VnTime, .VnArial …) means TCVN3, a `VNI-*` font means VNI, and a
   Unicode font means the text is what it says — whatever it looks like;
2. its text: a cell with any character beyond Latin-1 is Unicode (legacy text read through the
   Windows code page never has one); otherwise the words vote (text.detect_legacy);
3. a tie — words that read as Vietnamese both as they stand and converted ("Hoà" is VNI for "Hồ"),
   or as much TCVN3 as VNI ("chæ") — follows the cell's column, then the sheet: the encoding their
   other cells clearly had. A tie with nothing clear around it stays as it is.

Header cells are never converted when they already name a Form 01 column.
"""

from __future__ import annotations

from collections import Counter

from landdesk.domain.text import ENCODINGS, legacy_to_unicode, legacy_votes
from landdesk.services.importing.sheetscan import ENCODING_CODES

_LATIN1_END = "\u00ff"
CACHE_LIMIT = 50_000


def _is_candidate(s: str) -> bool:
    """Non-ASCII text within Latin-1: what legacy text looks like once read."""
    return not s.isascii() and max(s) <= _LATIN1_END


class CellDecoder:
    """Converts the legacy cells of one sheet; counts what it converted, by encoding."""

    def __init__(self, legacy_fonts: dict[int, bytearray] | None = None):
        """legacy_fonts: the cells in a legacy font (sheet row → code per column; row 0: every cell),
        None when the file says nothing of fonts (CSV)."""
        self.knows_fonts = legacy_fonts is not None
        fonts = legacy_fonts or {}
        default = fonts.get(0)
        self.default = ENCODING_CODES.get(default[0]) if default else None
        self.fonts = {r: line for r, line in fonts.items() if r}
        self.column_prior: dict[int, str] = {}
        self.sheet_prior: str | None = None
        self.converted: Counter[str] = Counter()
        self._verdicts: dict[str, tuple[str | None, bool]] = {}
        self._out: dict[tuple[str, str], str] = {}

    def font(self, row_no: int, col: int) -> str | None:
        line = self.fonts.get(row_no)
        if line is not None and col < len(line) and line[col]:
            return ENCODING_CODES[line[col]]
        return self.default

    def learn(self, rows: list[list], first_row_no: int, *, columns: bool = True) -> None:
        """Priors from sample rows: the sheet's (the legacy encoding most of its clear cells have) and,
        with `columns`, each column's (when its clear cells were legacy and never Unicode)."""
        votes: dict[int, Counter] = {}
        sheet: Counter[str] = Counter()
        for i, row in enumerate(rows):
            for c, v in enumerate(row):
                if type(v) is not str or v.isascii():
                    continue
                clear = self.font(first_row_no + i, c) or (self._verdict(v)[0] if _is_candidate(v) else "unicode")
                if clear:
                    votes.setdefault(c, Counter())[clear] += 1
                    sheet[clear] += 1
        legacy = [(n, e) for e, n in sheet.items() if e in ENCODINGS]
        if legacy:
            self.sheet_prior = max(legacy)[1]
        if columns:
            for c, counter in votes.items():
                best, n = counter.most_common(1)[0]
                if best in ENCODINGS and counter["unicode"] == 0 and n >= 2:
                    self.column_prior[c] = best

    def _verdict(self, s: str) -> tuple[str | None, bool]:
        """(the encoding the cell's words clearly vote for, or None; whether it is a tie a prior may break)."""
        out = self._verdicts.get(s)
        if out is None:
            if len(self._verdicts) > CACHE_LIMIT:
                self._verdicts.clear()
            votes, weak = legacy_votes([s])
            t, v, u = (votes["tcvn3"], weak["tcvn3"]), (votes["vni"], weak["vni"]), votes["unicode"]
            if u and u >= max(t[0], v[0]):
                out = (None, False)
            elif t != v and max(t[0], v[0]):
                out = ("tcvn3" if t > v else "vni", False)
            else:  # as much of one as of the other, or only weak votes: Vietnamese either way
                out = (None, bool(max(t[0], v[0], t[1], v[1])))
            self._verdicts[s] = out
        return out

    def encoding(self, s: str, row_no: int, col: int) -> str | None:
        """Which legacy encoding this cell is in, None when it is Unicode (or plain ASCII)."""
        if s.isascii():
            return None
        enc = self.font(row_no, col)
        if enc or not _is_candidate(s):
            return enc
        enc, tie = self._verdict(s)
        if tie and not self.knows_fonts:  # in a Unicode font a tie is what it says
            enc = self.column_prior.get(col) or self.sheet_prior
        return enc

    def decode(self, s: str, row_no: int, col: int) -> str:
        enc = self.encoding(s, row_no, col)
        if enc is None:
            return s
        key = (enc, s)
        out = self._out.get(key)
        if out is None:
            if len(self._out) > CACHE_LIMIT:
                self._out.clear()
            out = self._out[key] = legacy_to_unicode(s, enc)
        if out != s:
            self.converted[enc] += 1
        return out

    @property
    def summary(self) -> str | None:
        """'tcvn3', 'vni', 'tcvn3+vni' or None: what the sheet had converted."""
        used = [e for e in ENCODINGS if self.converted[e]]
        return "+".join(used) or None
