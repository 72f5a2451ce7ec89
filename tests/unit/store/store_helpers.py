"""Shared helpers of the store tests: a seeded mission and its readers.

A uniquely named module (not ``conftest``) so test modules can import it unambiguously.
"""

from __future__ import annotations

from dataclasses import dataclass

from arcticrecon.store import MissionRepository, Store
from arcticrecon.survey import Reader


@dataclass(frozen=True)
class People:
    """Readers of a seeded mission: nation and clearance in the name."""

    dnk_secret: Reader
    dnk_unclass: Reader
    bel_restricted: Reader
    fra_confidential: Reader
    deu_secret: Reader

    def all(self) -> list[Reader]:
        return [
            self.dnk_secret,
            self.dnk_unclass,
            self.bel_restricted,
            self.fra_confidential,
            self.deu_secret,
        ]


PEOPLE = [
    ("Anna Holm", "DNK", "SECRET"),
    ("Mads Berg", "DNK", "UNCLASSIFIED"),
    ("Jan Peeters", "BEL", "RESTRICTED"),
    ("Claire Martin", "FRA", "CONFIDENTIAL"),
    ("Lukas Weber", "DEU", "SECRET"),
]


def seed_mission(store: Store) -> People:
    """Mission led by DNK with BEL, FRA, DEU, NLD and five people."""
    with store.write() as s:
        repo = MissionRepository(s)
        repo.init_mission(name="Greenland reconnaissance 2026", lead_nation="DNK")
        repo.add_nations(["BEL", "FRA", "DEU", "NLD"])
        for name, nation, clearance in PEOPLE:
            repo.add_person(name=name, nation=nation, clearance=clearance, rank="Maj")
    with store.read() as s:
        repo = MissionRepository(s)
        return People(*(repo.reader_for(name) for name, _, _ in PEOPLE))
