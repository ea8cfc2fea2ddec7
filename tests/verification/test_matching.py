"""Classification of one holder against population records (pure domain logic)."""

from __future__ import annotations

from landdesk.domain import matching as m
from landdesk.domain.codes import Gender, VerificationStatus
from landdesk.domain.matching import Person
from landdesk.domain.values import PartialDate

AN = Person("NGUYỄN VĂN AN", "024080001234", "121234567", PartialDate(1980, 3, 11), Gender.MALE)


def test_names():
    """DOMAIN.md §5: case, accents, spacing and tone placement folded are the same name."""
    assert m.compare_names("NGUYỄN VĂN AN", "Nguyễn Văn An") is None  # case only: the same
    for ours, theirs in (("TRẦN THỊ HÒA", "TRẦN THỊ HOÀ"), ("LÊ THỊ THUỶ", "Lê Thị Thủy"),
                         ("NGÔ THỊ THUÝ", "NGÔ THỊ THÚY"), ("ĐẶNG THUỴ AN", "ĐẶNG THỤY AN")):
        assert m.compare_names(ours, theirs) is None
        assert m.name_cleanup(ours, theirs) is None  # both placements are official: nothing to propose
    assert m.compare_names("NGUYEN VAN AN", "NGUYỄN VĂN AN") is None
    assert m.name_cleanup("NGUYEN VAN AN", "Nguyễn Văn An") == "NGUYỄN VĂN AN"
    assert m.compare_names("LÊ THỊ MAIANH", "LÊ THỊ MAI ANH") is None
    assert m.name_cleanup("LÊ THỊ MAIANH", "LÊ THỊ MAI ANH") == "LÊ THỊ MAI ANH"
    assert m.compare_names("ĐỖ VĂN AN", "DO VAN AN") is None
    assert m.name_cleanup("ĐỖ VĂN AN", "DO VAN AN") is None  # the register is the poorer spelling
    assert m.compare_names("NGUYỄN HỮU AN", "NGUYỄN VĂN AN") == m.REAL_DIFFERENCE


def test_births():
    b = PartialDate(1980, 3, 11)
    assert m.compare_births(b, PartialDate(1980, 3, 11)) is None
    assert m.compare_births(b, PartialDate(1980, 11, 3)) == m.DAY_MONTH_SWAPPED
    assert m.compare_births(PartialDate(1980), b) is None  # the year agrees: the same date, less precise
    assert m.compare_births(PartialDate(1980, 3), b) is None
    assert m.compare_births(b, PartialDate(1980)) is None
    assert m.compare_births(PartialDate(1980, 4), b) == m.REAL_DIFFERENCE
    assert m.compare_births(PartialDate(1981, 3, 11), b) == m.REAL_DIFFERENCE
    assert m.compare_births(None, b) is None


def test_ids():
    assert m.one_digit_apart("024080001234", "024080001284")
    assert m.one_digit_apart("024080001234", "024080002134")  # neighbours swapped
    assert not m.one_digit_apart("024080001234", "024080009934")
    # Only the old number on the land record: no difference, the 12-digit one is an enrichment.
    legacy = Person("NGUYỄN VĂN AN", "", "121234567", AN.birth, Gender.MALE)
    assert m.compare(legacy, AN) == []
    assert [(p.field, p.old, p.new) for p in m.enrichments(legacy, AN)] == [("cccd", "", AN.cccd)]
    typed_in_new_field = Person("NGUYỄN VĂN AN", "121234567", "", AN.birth, Gender.MALE)
    assert m.compare(typed_in_new_field, AN) == []
    assert [(p.field, p.old, p.new) for p in m.enrichments(typed_in_new_field, AN)] == [
        ("cccd", "121234567", AN.cccd), ("cmnd", "", "121234567")]


def test_year_only_birth_is_verified_with_the_full_date_proposed():
    ours = Person("NGUYỄN VĂN AN", AN.cccd, "", PartialDate(1980), None, "")
    theirs = Person("Nguyễn Văn An", AN.cccd, "", AN.birth, Gender.MALE, "Thôn Đông, Phường Bắc Giang")
    out = m.classify(ours, [theirs], [], [])
    assert out.status == VerificationStatus.VERIFIED and out.differences == ()
    assert [(p.field, p.old, p.new, p.informative) for p in out.proposals] == [
        ("birth", "1980", "1980-03-11", False), ("gender", "", "male", False),
        ("address", "", "Thôn Đông, Phường Bắc Giang", True)]
    # another year is a real difference, not an enrichment
    out = m.classify(Person("NGUYỄN VĂN AN", AN.cccd, "", PartialDate(1981)), [theirs], [], [])
    assert (out.status, out.reason, out.fields, out.proposals) == (VerificationStatus.INCORRECT, m.REAL_DIFFERENCE,
                                                                   "birth", ())


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
    theirs = Person("NGUYỄN HỮU AN", "024080001235", AN.cmnd, PartialDate(1980, 11, 3), Gender.MALE)
    out = m.outcome_for(AN, theirs)
    assert out.reason == m.REAL_DIFFERENCE and out.fields == "name,cccd,birth"
    out = m.outcome_for(AN, Person(AN.name, "024080001235", AN.cmnd, PartialDate(1980, 11, 3), Gender.MALE))
    assert out.reason == m.ID_ONE_DIGIT and out.fields == "cccd,birth"
    assert m.fields_label(out.fields, "vi") == "Số định danh, Ngày sinh"
    assert m.reason_label(m.OTHER_ID, "en") == "Found only under another ID number"


def test_old_id_shared_by_two_provinces():
    other = Person("LÊ THỊ BÌNH", "001185000001", AN.cmnd, PartialDate(1985, 1, 1), Gender.FEMALE)
    ours = Person(AN.name, "", AN.cmnd, AN.birth, Gender.MALE)
    out = m.classify(ours, [], [other, AN], [])
    assert out.status == VerificationStatus.VERIFIED and [p.field for p in out.proposals] == ["cccd"]
    twin = Person(AN.name, "024080009999", AN.cmnd, AN.birth, Gender.MALE)
    assert m.classify(ours, [], [twin, AN], []).reason == m.SEVERAL_CANDIDATES


def test_found_by_name_only():
    """DOMAIN.md §5: found only under another ID number → police; by name and year only → police."""
    other = Person(AN.name, "024080777777", "", AN.birth, Gender.MALE)
    out = m.classify(AN, [], [], [other])
    assert (out.status, out.reason, out.fields) == (VerificationStatus.NEEDS_POLICE, m.OTHER_ID, "cccd")
    no_id = Person(AN.name, "", "", AN.birth, Gender.MALE)
    out = m.classify(no_id, [], [], [AN])
    assert out.status == VerificationStatus.VERIFIED and [p.field for p in out.proposals] == ["cccd", "cmnd"]
    out = m.classify(Person(AN.name, "", "", PartialDate(1980)), [], [], [AN])
    assert (out.status, out.reason) == (VerificationStatus.NEEDS_POLICE, m.UNCONFIRMED)
