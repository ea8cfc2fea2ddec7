"""Classification of one holder against population records (pure domain logic)."""

from __future__ import annotations

from landdesk.domain import matching as m
from landdesk.domain.codes import Gender, VerificationStatus
from landdesk.domain.matching import Person
from landdesk.domain.values import PartialDate

AN = Person("NGUYỄN VĂN AN", "024080001234", "121234567", PartialDate(1980, 3, 11), Gender.MALE)


def test_names():
    assert m.compare_names("NGUYỄN VĂN AN", "Nguyễn Văn An") is None  # case only: the same
    assert m.compare_names("TRẦN THỊ HÒA", "TRẦN THỊ HOÀ") == m.TONE_PLACEMENT
    assert m.compare_names("NGUYEN VAN AN", "NGUYỄN VĂN AN") == m.ACCENTS_SPACING
    assert m.compare_names("LÊ THỊ MAIANH", "LÊ THỊ MAI ANH") == m.ACCENTS_SPACING
    assert m.compare_names("ĐỖ VĂN AN", "DO VAN AN") == m.ACCENTS_SPACING
    assert m.compare_names("NGUYỄN HỮU AN", "NGUYỄN VĂN AN") == m.REAL_DIFFERENCE


def test_births():
    b = PartialDate(1980, 3, 11)
    assert m.compare_births(b, PartialDate(1980, 3, 11)) is None
    assert m.compare_births(b, PartialDate(1980, 11, 3)) == m.DAY_MONTH_SWAPPED
    assert m.compare_births(PartialDate(1980), b) == m.YEAR_ONLY_BIRTH
    assert m.compare_births(PartialDate(1980, 3), b) == m.YEAR_ONLY_BIRTH
    assert m.compare_births(PartialDate(1980, 4), b) == m.REAL_DIFFERENCE
    assert m.compare_births(PartialDate(1981, 3, 11), b) == m.REAL_DIFFERENCE
    assert m.compare_births(None, b) is None


def test_ids():
    assert m.one_digit_apart("024080001234", "024080001284")
    assert m.one_digit_apart("024080001234", "024080002134")  # neighbours swapped
    assert not m.one_digit_apart("024080001234", "024080009934")
    legacy = Person("NGUYỄN VĂN AN", "", "121234567", AN.birth, Gender.MALE)
    assert [(d.field, d.reason) for d in m.compare(legacy, AN)] == [("cccd", m.OLD_NEW_ID)]
    typed_in_new_field = Person("NGUYỄN VĂN AN", "121234567", "", AN.birth, Gender.MALE)
    assert [(d.field, d.reason) for d in m.compare(typed_in_new_field, AN)] == [("cccd", m.OLD_NEW_ID)]


def test_classify_paths():
    ours = AN
    assert m.classify(ours, [AN], [], []).status == VerificationStatus.VERIFIED
    swapped = Person(AN.name, AN.cccd, AN.cmnd, PartialDate(1980, 11, 3), Gender.MALE)
    out = m.classify(ours, [swapped], [], [])
    assert (out.status, out.reason, out.fields) == (VerificationStatus.INCORRECT, m.DAY_MONTH_SWAPPED, "birth")
    # Not found by ID, one namesake with a one-digit-different number
    typo = Person(AN.name, "024080001235", "", AN.birth, Gender.MALE)
    out = m.classify(ours, [], [], [typo])
    assert (out.status, out.reason) == (VerificationStatus.INCORRECT, m.ID_ONE_DIGIT)
    # Two namesakes born the same day, neither with our number
    twins = [Person(AN.name, "024080555555", "", AN.birth), Person(AN.name, "024080666666", "", AN.birth)]
    out = m.classify(ours, [], [], twins)
    assert (out.status, out.reason, out.candidates) == (VerificationStatus.NEEDS_POLICE, m.SEVERAL_CANDIDATES, 2)
    assert m.classify(ours, [], [], []).reason == m.NOT_FOUND
    # Our number belongs to somebody else entirely: fall back on name + birth
    stranger = Person("PHẠM THỊ LAN", AN.cccd, "", PartialDate(1955, 1, 1), Gender.FEMALE)
    out = m.classify(ours, [stranger], [], [typo])
    assert out.reason == m.ID_ONE_DIGIT
    # The same person listed twice in an extract is one candidate
    assert m.classify(ours, [AN, AN], [], []).status == VerificationStatus.VERIFIED


def test_main_reason_is_the_most_serious():
    theirs = Person("NGUYEN VAN AN", "024080001235", AN.cmnd, AN.birth, Gender.MALE)
    out = m.outcome_for(AN, theirs)
    assert out.reason == m.ID_ONE_DIGIT and out.fields == "name,cccd"
    assert m.fields_label(out.fields, "vi") == "Họ tên, Số định danh"
    assert m.reason_label(m.TONE_PLACEMENT, "en") == "Tone mark placement"


def test_old_id_shared_by_two_provinces():
    other = Person("LÊ THỊ BÌNH", "001185000001", AN.cmnd, PartialDate(1985, 1, 1), Gender.FEMALE)
    ours = Person(AN.name, "", AN.cmnd, AN.birth, Gender.MALE)
    out = m.classify(ours, [], [other, AN], [])
    assert (out.status, out.reason) == (VerificationStatus.INCORRECT, m.OLD_NEW_ID)
    twin = Person(AN.name, "024080009999", AN.cmnd, AN.birth, Gender.MALE)
    assert m.classify(ours, [], [twin, AN], []).reason == m.SEVERAL_CANDIDATES
