"""The one seeded random stream every demo generator draws from, so that a seed gives the same data
(ids included) on any machine: weighted picks, dates and UUIDv7-shaped ids."""

from __future__ import annotations

import bisect
import itertools
import random
from datetime import date, datetime, timedelta


def weighted(pairs):
    """(values, cumulative weights) of [(value, weight), ...], for Stream.pick."""
    values = [v for v, _ in pairs]
    cum = list(itertools.accumulate(w for _, w in pairs))
    return values, cum


class Stream:
    def __init__(self, rng: random.Random):
        self.rng = rng

    def pick(self, weighted):
        values, cum = weighted
        return values[bisect.bisect(cum, self.rng.random() * cum[-1])]

    def new_id(self, when: datetime) -> str:
        """A UUIDv7-shaped id: the given time in ms, then random bits from the seeded stream."""
        ms = int(when.timestamp() * 1000) & ((1 << 48) - 1)
        rand = self.rng.getrandbits(74)
        v = (ms << 80) | (0x7 << 76) | ((rand >> 62) << 64) | (0b10 << 62) | (rand & ((1 << 62) - 1))
        h = f"{v:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def date_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randrange((end - start).days + 1))
