"""Validation rules. People are synthetic; ID numbers are built from the public layout."""

import dataclasses
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from landdesk.domain.codes import ChangeReason, CustodyStatus, Gender, HolderKind, LegalForm, Severity
from landdesk.domain.model import CurrentUser, Holder, Housing, LandUse, Parcel
from landdesk.domain.rules import (
    RULES,
    make_problem,
    problem_counts,
    problems_by_path,
    validate_dossier,
    validate_field,
)
from landdesk.domain.values import PartialDate, format_area
from tests.domain.strategies import make_cccd, person
from tests.factories import couple_dossier

TODAY = date(2025, 10, 1)


def ids(problems):
    return [p.rule for p in problems]


def check(d, **kw):
    return validate_dossier(d, today=TODAY, **kw)


def test_complete_dossier_has_no_problems():
    assert check(couple_dossier()) == []


def test_registry_every_rule_well_formed():
    for rid, rule in RULES.items():
        assert rule.id == rid and rule.severity in (Severity.ERROR, Severity.WARNING)
        assert rule.vi and rule.en and rule.vi != rule.en


# Each case: a change to the complete dossier and the rule it must raise (at the given path).
def _set(obj_path, value):
    def apply(d):
        target = d
        *parents, last = obj_path.split(".")
        for part in parents:
            name, _, idx = part.partition("[")
            target = getattr(target, name)
            if idx:
                target = target[int(idx[:-1])]
        name, _, idx = last.partition("[")
        if idx:
            getattr(target, name)[int(idx[:-1])] = value
        else:
            setattr(target, name, value)
    return apply


def _org(d):
    d.holders = [Holder(kind=HolderKind.ORGANISATION, name="CÔNG TY TNHH THỬ NGHIỆM",
                        legal_form=LegalForm.ORGANISATION)]


def _dup(d):
    d.holders[1].cccd = d.holders[0].cccd
    d.holders[1].birth, d.holders[1].gender = d.holders[0].birth, d.holders[0].gender


def _born_after_issue(d):
    d.issue_date = date(1989, 1, 1)
    h = d.holders[0]
    h.cccd, h.cmnd, h.birth = "", "123456789", PartialDate(1990)


def _current_user(**kw):
    def apply(d):
        d.current_user = CurrentUser(**kw)
    return apply


CASES = [
    ("commune.missing", "commune_code", _set("commune_code", "")),
    ("commune.unknown", "commune_code", _set("commune_code", "99999")),
    ("serial.missing", "serial", _set("serial", "")),
    ("serial.format", "serial", _set("serial", "123456 AB")),
    ("serial.unusual", "serial", _set("serial", "AB 1234567")),
    ("date.issue_missing", "issue_date", _set("issue_date", None)),
    ("registry.missing", "registry_no", _set("registry_no", " ")),
    ("date.future", "issue_date", _set("issue_date", date(2026, 1, 1))),
    ("date.future", "received_on", _set("received_on", date(2026, 1, 1))),
    ("date.before_1987", "issue_date", _set("issue_date", date(1986, 12, 31))),
    ("custody.note_missing", "custody_note", _set("custody", CustodyStatus.OTHER)),
    ("holder.missing", "holders", _set("holders", [])),
    ("holder.name_missing", "holders[0].name", _set("holders[0].name", "")),
    ("holder.id_missing", "holders[0].cccd", _set("holders[0].cccd", "")),
    ("holder.birth_missing", "holders[0].birth", _set("holders[0].birth", None)),
    ("holder.gender_missing", "holders[1].gender", _set("holders[1].gender", None)),
    ("holder.duplicate_id", "holders[1].cccd", _dup),
    ("org.id_missing", "holders[0].org_id", _org),
    ("cccd.format", "holders[0].cccd", _set("holders[0].cccd", "02408000123")),
    ("cccd.province", "holders[0].cccd", _set("holders[0].cccd", "999080001234")),
    ("cccd.century", "holders[0].cccd", _set("holders[0].cccd", "024480001234")),
    ("cccd.birth_year", "holders[0].cccd", _set("holders[0].birth", PartialDate(1981))),
    ("cccd.gender", "holders[0].cccd", _set("holders[0].gender", Gender.FEMALE)),
    ("cmnd.format", "holders[0].cmnd", _set("holders[0].cmnd", "12345678")),
    ("birth.future", "holders[0].birth", _set("holders[0].birth", PartialDate(2026))),
    ("birth.too_old", "holders[0].birth", _set("holders[0].birth", PartialDate(1899))),
    ("birth.after_issue", "holders[0].birth", _born_after_issue),
    ("current_user.name_missing", "current_user.name", _current_user(reason=ChangeReason.GIFT)),
    ("current_user.reason_missing", "current_user.reason", _current_user(name="LÊ VĂN BA")),
    ("cccd.format", "current_user.cccd", _current_user(name="LÊ VĂN BA", cccd="123", reason=ChangeReason.GIFT)),
    ("parcel.missing", "parcels", _set("parcels", [])),
    ("parcel.number_missing", "parcels[0].parcel_cert", _set("parcels[0].sheet_cert", "")),
    ("parcel.area_missing", "parcels[0].area", _set("parcels[0].area", None)),
    ("parcel.national_id", "parcels[0].national_id", _set("parcels[0].national_id", "w7b6abc")),
    ("area.invalid", "parcels[0].area", _set("parcels[0].area", -5.0)),
    ("area.invalid", "parcels[0].land_uses[1].area", _set("parcels[0].land_uses[1].area", 0.0)),
    ("area.invalid", "parcels[0].housing.floor_area", _set("parcels[0].housing", Housing(floor_area=-1.0))),
    ("area.sum_mismatch", "parcels[0].area", _set("parcels[0].area", 251.0)),
    ("landuse.missing", "parcels[0].land_uses", _set("parcels[0].land_uses", [])),
    ("landuse.missing", "parcels[0].land_uses[0].code", _set("parcels[0].land_uses[0]", LandUse(area=100.0))),
    ("landuse.unmapped", "parcels[0].land_uses[0].code",
     _set("parcels[0].land_uses[0]", LandUse(raw_text="đất gì đó", area=100.0))),
    ("landuse.unknown", "parcels[0].land_uses[0].code", _set("parcels[0].land_uses[0].code", "XYZ")),
    ("landuse.legacy", "parcels[0].land_uses[1].code", _set("parcels[0].land_uses[1].code", "LNQ")),
]


@pytest.mark.parametrize("rule_id, path, change", CASES, ids=[f"{c[0]}@{c[1]}" for c in CASES])
def test_rule_fires(rule_id, path, change):
    d = couple_dossier()
    change(d)
    problems = check(d)
    hits = [p for p in problems if p.rule == rule_id and p.path == path]
    assert hits, ids(problems)
    assert hits[0].severity == RULES[rule_id].severity and hits[0].dossier_id == d.id


def _counts_of(problems):
    errors = sum(1 for p in problems if p.severity == Severity.ERROR)
    return errors, len(problems) - errors


@pytest.mark.parametrize("rule_id, path, change", CASES, ids=[f"{c[0]}@{c[1]}" for c in CASES])
def test_problem_counts_match_validate(rule_id, path, change):
    d = couple_dossier()
    change(d)
    assert problem_counts(d, today=TODAY) == _counts_of(check(d))
    assert problem_counts(d, today=TODAY, area_tolerance=0.0) == _counts_of(check(d, area_tolerance=0.0))


FIELD_ONLY = {"date.invalid"}  # typed text that is not a date never reaches the model


def test_every_rule_has_a_case():
    assert {c[0] for c in CASES} | FIELD_ONLY == set(RULES)


def test_messages_name_the_place():
    d = couple_dossier()
    d.holders[1].cccd = "02418500567"
    p = next(p for p in check(d) if p.rule == "cccd.format")
    assert p.message_vi.startswith("Chủ sử dụng 2: ") and p.message_en.startswith("Holder 2: ")
    assert p.message("en") == p.message_en and p.blocking


def test_legacy_message_suggests_current_code():
    d = couple_dossier()
    d.parcels[0].land_uses[1].code = "LNQ"
    p = next(p for p in check(d) if p.rule == "landuse.legacy")
    assert "CLN" in p.message_vi and "CLN" in p.message_en


def test_area_tolerance_and_override():
    d = couple_dossier()
    d.parcels[0].area = 250.5  # within 0.5 m²
    assert check(d) == []
    d.parcels[0].area = 250.6
    (p,) = check(d)
    assert p.rule == "area.sum_mismatch" and "250,6" in p.message_vi and "250.6" in p.message_en
    assert check(d, area_tolerance=1.0) == []


def test_half_entered_parcel_is_not_a_mismatch():
    d = couple_dossier()
    d.parcels[0].land_uses[1].area = None
    assert "area.sum_mismatch" not in ids(check(d))


def test_organisation_skips_person_rules():
    d = couple_dossier()
    _org(d)
    d.holders[0].org_id = "0101234567"
    d.holders[0].cccd = ""
    assert check(d) == []


@pytest.mark.parametrize("custody", [CustodyStatus.BANK, CustodyStatus.LOST, CustodyStatus.HOLDER_ABSENT])
def test_uncollected_certificate_relaxes_paper_fields(custody):
    d = couple_dossier()
    d.custody = custody
    d.serial, d.issue_date, d.registry_no = "", None, ""
    assert check(d) == []


def test_other_custody_needs_a_note():
    d = couple_dossier()
    d.custody, d.custody_note = CustodyStatus.OTHER, "Chủ sử dụng đã chuyển đi nơi khác"
    assert check(d) == []


def test_unnormalised_input_is_read_kindly():
    d = couple_dossier()
    d.serial = "cs123456"
    d.holders[0].cccd = "024 080 001 234"
    d.parcels[0].land_uses[0].code = "ont"
    assert check(d) == []


def test_missing_things_only_warn():
    """An empty dossier an officer has just opened: nothing blocks."""
    d = dataclasses.replace(couple_dossier(), serial="", issue_date=None, registry_no="", holders=[], parcels=[])
    problems = check(d)
    assert problems and all(p.severity == Severity.WARNING for p in problems)


addresses = st.text(alphabet="abcdeghiklmnopqrstuvxyàáâãèéêìíòóôõùúýăđơư ,0123456789", min_size=8, max_size=40)


@given(person(max_year=2020), addresses.filter(lambda a: len(a.strip()) >= 8))
def test_messages_never_carry_personal_data(p, address):
    number, birth, gender = p
    d = couple_dossier()
    h = d.holders[0]
    h.cccd, h.birth, h.gender, h.address = number, birth, gender, address
    # make every person rule fire on the other holder with its own synthetic values
    other = d.holders[1]
    other.cccd = "9" + number[1:-1]
    other.cmnd = number[:8]
    other.birth = PartialDate(birth.year + 1)
    other.gender = Gender.MALE if gender == Gender.FEMALE else Gender.FEMALE
    problems = check(d)
    secrets = {number, other.cccd, other.cmnd, birth.display(), other.birth.display(), str(birth.year),
               str(other.birth.year)}
    secrets.add(address.strip())
    # A year that is also a constant of the rules ("1987") proves nothing either way.
    templates = " ".join(r.vi + r.en for r in RULES.values())
    secrets = {s for s in secrets if s not in templates}
    for prob in problems:
        for s in secrets:
            assert s not in prob.message_vi and s not in prob.message_en, (prob.rule, s)


@given(person(max_year=2030), person(max_year=2030), st.sampled_from(["AB 123456", "A1", "ab-12345678", "", "Đ 1234"]),
       st.sampled_from(list(CustodyStatus)))
def test_problem_counts_match_validate_any_person(p1, p2, serial, custody):
    d = couple_dossier()
    for h, (number, birth, gender) in zip(d.holders, (p1, p2), strict=True):
        h.cccd, h.birth, h.gender = number, birth, gender
    d.holders[1].cccd = d.holders[1].cccd[:-1]
    d.serial, d.custody = serial, custody
    assert problem_counts(d, today=TODAY) == _counts_of(check(d))


# --- validate_field ----------------------------------------------------------------------------

@pytest.mark.parametrize("kind, value, context, expected", [
    ("cccd", "024080001234", {}, []),
    ("cccd", "02408000123", {}, ["cccd.format"]),
    ("cccd", "999080001234", {}, ["cccd.province"]),
    ("cccd", "024080001234", {"birth": "1981", "gender": "Nữ"}, ["cccd.birth_year", "cccd.gender"]),
    ("cccd", "024080001234", {"birth": "02/03/1980", "gender": Gender.MALE}, []),
    ("cccd", "024080001234", {"birth": "not a date"}, []),
    ("cmnd", "123456789", {}, []),
    ("cmnd", "024080001234", {}, ["cmnd.format"]),
    ("serial", "ab123456", {}, []),
    ("serial", "AB 1234567", {}, ["serial.unusual"]),
    ("serial", "1234", {}, ["serial.format"]),
    ("date", "15/06/2021", {}, []),
    ("date", "2021", {}, ["date.invalid"]),
    ("date", "31/02/2021", {}, ["date.invalid"]),
    ("date", "01/01/1980", {}, ["date.before_1987"]),
    ("date", "01/01/2030", {}, ["date.future"]),
    ("date", "01/2030", {"path": "received_on"}, ["date.future"]),
    ("birth", "1980", {}, []),
    ("birth", "2030", {}, ["birth.future"]),
    ("birth", "1850", {}, ["birth.too_old"]),
    ("birth", "05/2012", {"issue_date": date(2012, 1, 1)}, ["birth.after_issue"]),
    ("birth", "abc", {}, ["date.invalid"]),
    ("area", "1.234,5", {}, []),
    ("area", "0", {}, ["area.invalid"]),
    ("area", "-3", {}, ["area.invalid"]),
    ("area", "abc", {}, ["area.invalid"]),
    ("land_use_code", "ont", {}, []),
    ("land_use_code", "LNK", {}, ["landuse.legacy"]),
    ("land_use_code", "ZZZ", {}, ["landuse.unknown"]),
    ("commune_code", "07210", {}, []),
    ("commune_code", "12345", {}, ["commune.unknown"]),
    ("cccd", "", {}, []),
    ("area", None, {}, []),
])
def test_validate_field(kind, value, context, expected):
    assert ids(validate_field(kind, value, {"today": TODAY, **context})) == expected


def test_validate_field_path_and_dossier():
    (p,) = validate_field("cccd", "123", {"path": "holders[1].cccd", "dossier_id": "d1"})
    assert p.path == "holders[1].cccd" and p.dossier_id == "d1" and p.message_vi.startswith("Chủ sử dụng 2")
    with pytest.raises(ValueError):
        validate_field("colour", "red")


@given(person(max_year=2024))
def test_field_accepts_every_consistent_person(p):
    number, birth, gender = p
    ctx = {"today": TODAY, "birth": birth, "gender": gender}
    assert validate_field("cccd", number, ctx) == []
    assert validate_field("birth", birth.display(), {"today": TODAY}) == []


@given(st.floats(min_value=0.1, max_value=1e8, allow_nan=False), st.sampled_from(["vi", "en"]))
def test_field_accepts_formatted_areas(x, lang):
    assert validate_field("area", format_area(x, lang)) == []


def test_problems_by_path():
    ps = [make_problem("cccd.format", "holders[0].cccd"), make_problem("cccd.province", "holders[0].cccd"),
          make_problem("serial.missing", "serial")]
    grouped = problems_by_path(ps)
    assert [p.rule for p in grouped["holders[0].cccd"]] == ["cccd.format", "cccd.province"]
    assert list(grouped) == ["holders[0].cccd", "serial"]


def test_synthetic_helpers_agree_with_factories():
    assert make_cccd("024", 1980, Gender.MALE, 1234) == couple_dossier().holders[0].cccd


def test_parcel_with_housing_ok():
    d = couple_dossier()
    d.parcels.append(Parcel(sheet_cert="3", parcel_cert="7", area=80.0, housing=Housing(floor_area=120.5),
                            land_uses=[LandUse(code="ODT", area=80.0)]))
    assert check(d) == []
