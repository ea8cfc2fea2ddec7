"""Synthetic people for the demo commune: names weighted as in the north of Việt Nam, CCCD numbers
that agree with birth year and gender, addresses, and the holders of a certificate (couples,
households, individuals, co-users, organisations and communities)."""

from __future__ import annotations

import random
from datetime import date, datetime

from landdesk.demo import names
from landdesk.demo.stream import Stream, weighted
from landdesk.domain import reference
from landdesk.domain.codes import Gender, HolderKind, LegalForm, Role
from landdesk.domain.model import Holder
from landdesk.domain.values import PartialDate


class People(Stream):
    def __init__(self, rng: random.Random, unit: reference.Commune, old_province: str):
        super().__init__(rng)
        self.unit = unit
        self.urban = unit.is_urban
        by_name = {name: code for code, name in reference.cccd_provinces().items()}
        home = by_name.get(old_province, "001")
        other = {"024": "027", "027": "024"}.get(home, "001")
        self.prefixes = weighted([(home, 70), (other, 14), ("001", 4), ("030", 2), ("019", 2), ("020", 2),
                                  ("022", 1), ("025", 1), ("026", 1), ("033", 1), ("038", 1), ("040", 1)])
        self.surnames = weighted([(s.upper(), w) for s, w in names.SURNAMES])
        self.mid_m = weighted([(s.upper(), w) for s, w in names.MIDDLE_MALE])
        self.mid_f = weighted([(s.upper(), w) for s, w in names.MIDDLE_FEMALE])
        self.given_m = [g.upper() for g in names.GIVEN_MALE]
        self.given_f = [g.upper() for g in names.GIVEN_FEMALE]

    def person_name(self, gender: Gender, surname: str | None = None) -> str:
        rng = self.rng
        surname = surname or self.pick(self.surnames)
        if gender == Gender.MALE:
            mid, given = self.pick(self.mid_m), rng.choice(self.given_m)
        else:
            mid, given = self.pick(self.mid_f), rng.choice(self.given_f)
        if rng.random() < 0.12:  # four-word names: NGUYỄN THỊ THU HÀ
            second = self.pick(self.mid_f if gender == Gender.FEMALE else self.mid_m)
            if second != mid:
                return f"{surname} {mid} {second} {given}"
        return f"{surname} {mid} {given}"

    def cccd(self, birth_year: int, gender: Gender, prefix: str | None = None) -> str:
        century = (birth_year // 100 - 19) * 2 + (1 if gender == Gender.FEMALE else 0)
        prefix = prefix or self.pick(self.prefixes)
        return f"{prefix}{century}{birth_year % 100:02d}{self.rng.randrange(1_000_000):06d}"

    def birth(self, lo: int, hi: int) -> PartialDate:
        rng = self.rng
        year = rng.randint(lo, hi)
        if rng.random() < 0.04:  # legacy records often know the year only
            return PartialDate(year)
        return PartialDate(year, rng.randint(1, 12), rng.randint(1, 28))

    def address(self, village: str) -> str:
        rng = self.rng
        place = f"{village}, {self.unit.name}, {self.unit.province_name}"
        if self.urban and rng.random() < 0.45:
            return f"Số {rng.randint(1, 250)}, {rng.choice(names.STREETS)}, {place}"
        return place

    def person(self, gender: Gender, birth: PartialDate, address: str, legal: LegalForm, role: Role,
               when: datetime, surname: str | None = None) -> Holder:
        rng = self.rng
        cmnd = ""
        if birth.year < 1990 and rng.random() < 0.2:
            cmnd = f"12{rng.randrange(10_000_000):07d}"
        return Holder(kind=HolderKind.PERSON, name=self.person_name(gender, surname),
                      cccd=self.cccd(birth.year, gender), cmnd=cmnd, birth=birth, gender=gender,
                      address=address, legal_form=legal, role=role, id=self.new_id(when))

    def holders(self, village: str, issue: date, when: datetime) -> list[Holder]:
        rng = self.rng
        latest = min(issue.year - 18, 2005)
        addr = self.address(village)
        # Certificates before 2009 went mostly to households ("Hộ ông/bà …"), later ones mostly to
        # couples and individuals: about 1.6 holders a dossier overall.
        couple, household, individual = (0.10, 0.70, 0.95) if issue.year < 2009 else (0.50, 0.57, 0.95)
        r = rng.random()
        if r < couple:  # married couple
            hb = self.birth(max(1930, latest - 50), latest)
            wb = self.birth(max(1930, hb.year - 2), min(latest, hb.year + 6))
            return [self.person(Gender.MALE, hb, addr, LegalForm.COUPLE, Role.HUSBAND, when),
                    self.person(Gender.FEMALE, wb, addr, LegalForm.COUPLE, Role.WIFE, when)]
        if r < household:  # household: the head, often the spouse, sometimes grown children
            gender = Gender.MALE if rng.random() < 0.8 else Gender.FEMALE
            hb = self.birth(max(1930, latest - 45), latest)
            head = self.person(gender, hb, addr, LegalForm.HOUSEHOLD, Role.HEAD, when)
            family = head.name.split(" ")[0]
            out = [head]
            members = rng.random()
            if members < 0.55:
                sg = Gender.FEMALE if gender == Gender.MALE else Gender.MALE
                out.append(self.person(sg, self.birth(hb.year - 3, min(2005, hb.year + 5)), addr,
                                       LegalForm.HOUSEHOLD, Role.MEMBER, when))
            for _ in range(rng.randint(1, 3) if members < 0.2 else 0):
                lo, hi = hb.year + 20, min(2005, hb.year + 38, issue.year - 1)
                if lo > hi:  # children born after the certificate are not on it
                    break
                cg = Gender.MALE if rng.random() < 0.5 else Gender.FEMALE
                child_surname = family if gender == Gender.MALE else None
                out.append(self.person(cg, self.birth(lo, hi), addr,
                                       LegalForm.HOUSEHOLD, Role.MEMBER, when, child_surname))
            return out
        if r < individual:  # one person
            gender = Gender.MALE if rng.random() < 0.6 else Gender.FEMALE
            return [self.person(gender, self.birth(max(1930, latest - 55), latest), addr,
                                LegalForm.INDIVIDUAL, Role.INDIVIDUAL, when)]
        # co-users (siblings inheriting together)
        surname = self.pick(self.surnames)
        out = []
        for k in range(rng.randint(2, 3)):
            gender = Gender.MALE if rng.random() < 0.55 else Gender.FEMALE
            out.append(self.person(gender, self.birth(max(1935, latest - 40), latest), self.address(village),
                                   LegalForm.CO_USERS, Role.REPRESENTATIVE if k == 0 else Role.MEMBER, when,
                                   surname))
        return out

    def organisation(self, village: str, when: datetime) -> list[Holder]:
        rng = self.rng
        rep = self.person_name(Gender.MALE if rng.random() < 0.7 else Gender.FEMALE)
        if rng.random() < 0.6:
            return [Holder(kind=HolderKind.ORGANISATION, name=rng.choice(names.ORGANISATIONS),
                           org_id=f"2400{rng.randrange(1_000_000):06d}", address=self.address(village),
                           legal_form=LegalForm.ORGANISATION, role=Role.REPRESENTATIVE, representative=rep,
                           id=self.new_id(when))]
        name = f"{rng.choice(names.COMMUNITIES)} {village}"
        return [Holder(kind=HolderKind.ORGANISATION, name=name, org_id=f"CĐDC-{self.unit.code}-{rng.randint(1, 99):02d}",
                       address=self.address(village), legal_form=LegalForm.COMMUNITY,
                       role=Role.REPRESENTATIVE, representative=rep, id=self.new_id(when))]
