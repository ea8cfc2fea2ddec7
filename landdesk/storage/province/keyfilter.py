"""A Bloom filter over the hashes of the sealed keys (prov_keys and prov_key_runs), so that an import
probes them only for the few keys they may hold.

At 1.2 million dossiers they are about 5 million keys, larger than the page cache, and nearly every
probe read a page from disk for a key that was not there: most of an import's lookup time.
The filter answers "certainly not there" for all but about 1 % of new keys from memory; the rest are
probed as before, and a hit is still confirmed on the other dossier's own keys. A key it holds that
has since been removed (its dossier replaced or deleted) costs one probe more, nothing else.

Two bit positions per key, from the two 32-bit halves of its 64-bit BLAKE2b hash (independent, so no
second hash is computed). Sized for BITS_PER_KEY bits a key (about 0.6 % false positives), and made
again bigger once it holds fewer than MIN_BITS_PER_KEY (2.3 %): see storage.province.keys.seal_recent.
"""

from __future__ import annotations

from collections.abc import Iterable

BITS_PER_KEY = 24
MIN_BITS_PER_KEY = 12
MIN_BITS = 1 << 20  # 128 KB: a small desk's filter
MAX_BITS = 1 << 32  # positions come from 32-bit halves


class KeyFilter:
    def __init__(self, bits: bytes | bytearray, keys: int):
        size = len(bits) * 8
        if size < 8 or size & (size - 1) or size > MAX_BITS:
            raise ValueError("a key filter's size is a power of two")
        self.bits, self.keys, self.mask = bits, keys, size - 1

    @classmethod
    def sized_for(cls, keys: int) -> KeyFilter:
        """An empty filter with room for `keys` keys at BITS_PER_KEY bits each."""
        size = MIN_BITS
        while size < keys * BITS_PER_KEY and size < MAX_BITS:
            size *= 2
        return cls(bytearray(size // 8), 0)

    def add(self, hashes: Iterable[int]) -> None:
        bits = self.bits if isinstance(self.bits, bytearray) else bytearray(self.bits)
        mask, added = self.mask, 0
        for h in hashes:
            p = h & mask
            bits[p >> 3] |= 1 << (p & 7)
            p = (h >> 32) & mask
            bits[p >> 3] |= 1 << (p & 7)
            added += 1
        self.bits, self.keys = bits, self.keys + added

    def may_hold(self, h: int) -> bool:
        bits, mask = self.bits, self.mask
        p = h & mask
        if not bits[p >> 3] >> (p & 7) & 1:
            return False
        p = (h >> 32) & mask
        return bool(bits[p >> 3] >> (p & 7) & 1)

    def held(self, hashes: list[int]) -> list[int]:
        """The hashes it may hold (may_hold inline: an import asks for 120,000)."""
        bits, mask = self.bits, self.mask  # (p & 7 is h & 7: the mask keeps the low bits)
        return [h for h in hashes
                if bits[(h & mask) >> 3] >> (h & 7) & 1 and bits[(h >> 32 & mask) >> 3] >> (h >> 32 & 7) & 1]

    def crowded(self) -> bool:
        """Too many keys for its size: false positives above about 2 %."""
        return self.keys * MIN_BITS_PER_KEY > (self.mask + 1) and self.mask + 1 < MAX_BITS
