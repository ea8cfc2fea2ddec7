import pytest
from hypothesis import given
from hypothesis import strategies as st

from landdesk.domain.codes import CertificateGeneration as G
from landdesk.domain.serial import (
    is_serial_shape,
    is_valid_serial,
    normalise_registry,
    normalise_serial,
    serial_generation,
    serial_parts,
)


@pytest.mark.parametrize("typed, normal", [
    ("ab123456", "AB 123456"), ("AB 123456", "AB 123456"), ("  ab   123456 ", "AB 123456"),
    ("Đ 012345", "Đ 012345"), ("đb12345678", "ĐB 12345678"), ("CS-123456", "CS 123456"),
    ("ÐA 123456", "ĐA 123456"), ("12AB", "12AB"), ("", ""), (None, ""),
])
def test_normalise_serial(typed, normal):
    assert normalise_serial(typed) == normal


@pytest.mark.parametrize("serial, generation", [
    ("A 123456", G.OLD), ("Đ 012345", G.OLD), ("AB 123456", G.FORM_2009), ("CS123456", G.FORM_2009),
    ("ĐB 12345678", G.FORM_2025), ("AA 1234567", G.UNKNOWN), ("ABC 123456", G.UNKNOWN),
    ("123456", G.UNKNOWN), ("AB", G.UNKNOWN), ("", G.UNKNOWN), ("ÄB 123456", G.UNKNOWN),
])
def test_serial_generation(serial, generation):
    assert serial_generation(serial) == generation
    assert is_valid_serial(serial) == (generation != G.UNKNOWN)


def test_serial_shape_and_parts():
    assert serial_parts("ab 1234567") == ("AB", "1234567")
    assert is_serial_shape("AB 1234567") and not is_valid_serial("AB 1234567")
    assert not is_serial_shape("12AB") and serial_parts("12AB") is None


serial_letters = st.text(alphabet="ABCDEGHKLMNPQRSTVXĐabđ", min_size=1, max_size=2)
serial_digits = st.text(alphabet="0123456789", min_size=6, max_size=8)
separators = st.sampled_from(["", " ", "  ", "-", ". "])


@given(serial_letters, separators, serial_digits)
def test_normalise_serial_idempotent_and_shaped(letters, sep, digits):
    s = normalise_serial(letters + sep + digits)
    assert normalise_serial(s) == s
    assert s == f"{letters.upper()} {digits}"


@given(st.text(max_size=20))
def test_normalise_serial_idempotent_on_anything(text):
    s = normalise_serial(text)
    assert normalise_serial(s) == s


@pytest.mark.parametrize("a, b", [
    ("CH 00149", "ch00149"), ("CH-00149", "CH00149"), ("H00460/NQSDĐ", "h00460 / nqsdd"),
    ("00504/QSDĐ/LA", "00504 QSDĐ LA"),
])
def test_registry_numbers_compare_equal(a, b):
    assert normalise_registry(a) == normalise_registry(b)


def test_registry_numbers_differ():
    assert normalise_registry("CH 00149") != normalise_registry("CH 00150")
    assert normalise_registry(None) == ""


@given(st.text(max_size=20))
def test_normalise_registry_idempotent(text):
    assert normalise_registry(normalise_registry(text)) == normalise_registry(text)
