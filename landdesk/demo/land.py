"""Synthetic certificates and parcels for the demo commune: serials of each era's form (unique),
registry numbers and issuers, sheet/parcel numbers unique per cadastral map series, land uses in the
2024 codes, houses, and GeoHash national parcel ids inside the commune."""

from __future__ import annotations

import random
from datetime import date, datetime

from landdesk.demo import names
from landdesk.demo.stream import Stream
from landdesk.domain import reference
from landdesk.domain.codes import UseForm
from landdesk.domain.model import Housing, LandUse, Parcel

_GEOHASH = "0123456789bcdefghjkmnpqrstuvwxyz"


def _geohash(lat: float, lon: float, length: int) -> str:
    lat_r, lon_r = [-90.0, 90.0], [-180.0, 180.0]
    out, bits, ch, even = [], 0, 0, True
    while len(out) < length:
        rng_, val = (lon_r, lon) if even else (lat_r, lat)
        mid = (rng_[0] + rng_[1]) / 2
        ch = (ch << 1) | (val >= mid)
        rng_[0 if val >= mid else 1] = mid
        even, bits = not even, bits + 1
        if bits == 5:
            out.append(_GEOHASH[ch])
            bits, ch = 0, 0
    return "".join(out)


class Certificates(Stream):
    def __init__(self, rng: random.Random, unit: reference.Commune, old_province: str):
        super().__init__(rng)
        self.old_province = old_province
        districts = names.DISTRICTS.get(old_province, (old_province,))
        self.issuer_town = f"UBND thành phố {old_province}" if unit.is_urban \
            else f"UBND huyện {districts[int(unit.code) % len(districts)]}"
        self.used_serials: set[str] = set()

    def certificate(self) -> tuple[str, date, str, str]:
        """(serial, issue date, registry number, issuer) of a random era."""
        rng = self.rng
        r = rng.random()
        if r < 0.32:  # old forms, 1 letter + 6 digits
            issue = self.date_between(date(1993, 1, 1), date(2008, 12, 31))
            letter = names.OLD_SERIAL_LETTERS[min(len(names.OLD_SERIAL_LETTERS) - 1, (issue.year - 1993) * 4 // 3)]
            serial = self._unique_serial(letter, 6)
            n = rng.randint(1, 9999)
            registry = f"{n:05d}/QSDĐ/{rng.choice(('BG', 'YD', 'VY', 'LN'))}" if rng.random() < 0.6 \
                else f"H{n:05d}/NQSDĐ"
            issuer = self.issuer_town
        elif r < 0.9:  # 2009–2024 forms, 2 letters + 6 digits
            letters, y0, y1 = rng.choice(names.SERIAL_BLOCKS_2009)
            issue = self.date_between(date(y0, 1, 1), date(y1, 12, 31) if y1 < 2024 else date(2024, 7, 31))
            serial = self._unique_serial(letters, 6)
            n = rng.randint(1, 29999)
            registry = f"CH {n:05d}" if rng.random() < 0.55 else f"CS{n:05d}"
            issuer = self.issuer_town if issue.year < 2015 else f"Sở Tài nguyên và Môi trường tỉnh {self.old_province}"
        else:  # 2025 form, 2 letters + 8 digits
            issue = self.date_between(date(2024, 8, 1), date(2025, 8, 31))
            serial = self._unique_serial(rng.choice(names.SERIAL_BLOCKS_2025), 8)
            registry = f"CS {rng.randint(1, 99999):05d}"
            issuer = "Sở Nông nghiệp và Môi trường tỉnh Bắc Ninh" if issue.year == 2025 \
                else f"Sở Tài nguyên và Môi trường tỉnh {self.old_province}"
        return serial, issue, registry, issuer

    def _unique_serial(self, letters: str, digits: int) -> str:
        while True:
            serial = f"{letters} {self.rng.randrange(10 ** digits):0{digits}d}"
            if serial not in self.used_serials:
                self.used_serials.add(serial)
                return serial


class Parcels(Stream):
    def __init__(self, rng: random.Random, unit: reference.Commune, village_series: dict[str, str]):
        super().__init__(rng)
        self.unit = unit
        self.urban = unit.is_urban
        self.residential = "ODT" if self.urban else "ONT"
        self.names_vi = {u.code: u.name_vi for u in reference.land_use_codes()}
        # each village lies in one of the merged communes, whose cadastral map series it uses
        self.village_series = village_series
        # (map series, sheet/parcel on the certificate, on the current map) of every parcel made
        self.parcel_list: list[tuple[str, str, str, str, str]] = []
        self.used_parcels: set[tuple[str, int, int]] = set()
        self.n_sheets = 40
        self.geohash_cell = _geohash(21.27, 106.19, 5)  # around Bắc Giang

    def sheet_parcel(self, series: str, current_map: bool = False) -> tuple[str, str]:
        """A (sheet, parcel) pair not used yet in this map series; sheets are sized so that about
        half of the numbers get used, as on a real cadastral map. Several merged communes' series
        reuse the same numbers, as they do after the 2025 mergers."""
        rng = self.rng
        while True:
            sheet, number = rng.randint(1, self.n_sheets), rng.randint(1, 700)
            if current_map:  # the current map's sheets are numbered above the certificate-era ones
                sheet += (self.n_sheets // 100 + 1) * 100
            key = (series, sheet, number)
            if key not in self.used_parcels:
                self.used_parcels.add(key)
                return str(sheet), str(number)

    def geohash(self) -> str:
        """A 12-character GeoHash inside the commune: the 5-character cell around its centre
        (about 5 × 5 km) and random finer characters — every such string is a valid GeoHash."""
        return self.geohash_cell + "".join(self.rng.choice(_GEOHASH) for _ in range(7))

    def land_use(self, code: str, area: float, origin: str, form: UseForm, term: str, when: datetime) -> LandUse:
        return LandUse(code=code, raw_text=self.names_vi[code], area=area, origin=origin, use_form=form,
                       term=term, id=self.new_id(when))

    def parcel(self, village: str, issue: date, shared: bool, org: bool, when: datetime) -> Parcel:
        rng = self.rng
        series = self.village_series[village]
        sheet, number = self.sheet_parcel(series)
        form = UseForm.SHARED if shared else UseForm.PRIVATE
        farm_term = f"đến ngày {issue.day:02d}/{issue.month:02d}/{issue.year + 50}" if issue.year >= 2013 \
            else "đến ngày 15/10/2063"
        housing = None
        r = rng.random()
        if org:
            code = rng.choice(("TMD", "SKC", "DGD", "TON", "DVH"))
            area = round(rng.uniform(300, 6000), 1)
            term = "Lâu dài" if code in ("TON", "DVH", "DGD") else f"đến ngày {issue.day:02d}/{issue.month:02d}/{issue.year + 50}"
            origin = "Nhà nước cho thuê đất trả tiền hằng năm" if code in ("TMD", "SKC") \
                else "Nhà nước giao đất không thu tiền sử dụng đất"
            uses = [self.land_use(code, area, origin, form, term, when)]
        elif r < 0.58:  # house plot, often with its garden
            res = round(rng.uniform(40, 180) if self.urban else rng.uniform(100, 400), 1)
            origin = rng.choice(names.ORIGINS_RESIDENTIAL)
            uses = [self.land_use(self.residential, res, origin, form, "Lâu dài", when)]
            if rng.random() < (0.2 if self.urban else 0.55):
                garden = round(rng.uniform(30, 600), 1)
                uses.append(self.land_use("CLN", garden, origin, form, "Lâu dài", when))
                if rng.random() < 0.15:
                    uses.append(self.land_use("NTS", round(rng.uniform(50, 400), 1), origin, form, farm_term, when))
            area = round(sum(u.area for u in uses), 1)
            if rng.random() < 0.35:
                built = round(min(res, rng.uniform(40, 160)), 1)
                floors = rng.choice((1, 1, 2, 2, 3, 4))
                housing = Housing(asset_type="Nhà ở riêng lẻ", construction_area=built,
                                  floor_area=round(built * floors, 1), ownership_form="Sở hữu riêng",
                                  ownership_term="Lâu dài", grade=rng.choice(("Cấp 4", "Cấp 3", "Cấp 3", "Cấp 2")),
                                  id=self.new_id(when))
        else:  # fields, gardens and ponds: plots counted in sào (360 m² in the north)
            code = rng.choice(("LUC", "LUC", "LUC", "LUK", "CLN", "HNK", "NTS"))
            origin = rng.choice(names.ORIGINS_AGRICULTURAL)
            sao = rng.choice((0.5, 1, 1, 1.5, 2, 2, 3, 4))
            area = round(sao * 360 + rng.uniform(-40, 40), 1)
            if rng.random() < 0.2:
                first = round(area * rng.uniform(0.3, 0.7), 1)
                other = "HNK" if code != "HNK" else "CLN"
                uses = [self.land_use(code, first, origin, form, farm_term, when),
                        self.land_use(other, round(area - first, 1), origin, form, farm_term, when)]
            else:
                uses = [self.land_use(code, area, origin, form, farm_term, when)]
        p = Parcel(sheet_cert=sheet, parcel_cert=number, sheet_map=sheet, parcel_map=number,
                   map_series=series, old_commune=series, address=f"{village}, {self.unit.name}",
                   area=area, land_uses=uses, housing=housing, id=self.new_id(when))
        if issue.year < 2009 and rng.random() < 0.3:  # renumbered on the current cadastral map
            p.sheet_map, p.parcel_map = self.sheet_parcel(series, current_map=True)
        if rng.random() < 0.25:
            p.national_id = self.geohash()
        self.parcel_list.append((series, p.sheet_cert, p.parcel_cert, p.sheet_map, p.parcel_map))
        return p
