"""The key index's Bloom filter on its own: it never loses a key, and its false positives stay
near what it is sized for."""

from __future__ import annotations

import random

import pytest

from landdesk.storage.province import keyfilter
from landdesk.storage.province.keyfilter import KeyFilter
from landdesk.storage.province.keys import key_hash


def _hashes(n: int, seed: int) -> list[int]:
    rng = random.Random(seed)
    return [key_hash(f"cccd:{rng.getrandbits(40):012d}") for _ in range(n)]


def test_every_key_added_is_held_and_few_others_are():
    held = _hashes(20_000, 1)
    kept = KeyFilter.sized_for(len(held))
    kept.add(held)
    assert kept.keys == 20_000 and all(map(kept.may_hold, held))
    others = _hashes(100_000, 2)
    false = sum(map(kept.may_hold, others)) / len(others)
    assert false < 0.015  # sized for 24 bits a key: about 0.6 %
    # held(), the lookups' inline form, says the same of every hash
    assert kept.held(held) == held and kept.held(others) == [h for h in others if kept.may_hold(h)]


def test_a_filter_is_sized_in_powers_of_two_and_says_when_it_is_crowded(monkeypatch):
    assert (KeyFilter.sized_for(0).mask + 1) == keyfilter.MIN_BITS
    kept = KeyFilter.sized_for(100_000)
    size = kept.mask + 1
    assert size >= 100_000 * keyfilter.BITS_PER_KEY and size & (size - 1) == 0
    kept.add(range(size // keyfilter.MIN_BITS_PER_KEY))
    assert not kept.crowded()
    kept.add([1])
    assert kept.crowded()
    with pytest.raises(ValueError):
        KeyFilter(bytes(3), 0)  # 24 bits: not a filter this code wrote


def test_a_stored_filter_is_read_back_as_it_was():
    held = _hashes(1000, 3)
    kept = KeyFilter.sized_for(0)
    kept.add(held)
    again = KeyFilter(bytes(kept.bits), kept.keys)  # as the store gives it back
    assert all(map(again.may_hold, held)) and again.keys == 1000
    again.add([12345])  # and it can still take more
    assert again.may_hold(12345) and isinstance(again.bits, bytearray)
