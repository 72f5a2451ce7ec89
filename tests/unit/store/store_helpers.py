"""Shared helpers of the store tests: a seeded mission and its readers.

A uniquely named module (not ``conftest``) so test modules can import it unambiguously.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from arcticrecon.store import MissionRepository, Store, load_or_create_laptop_key
from arcticrecon.store.keys import key_id
from arcticrecon.store.repositories import revision_id
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


def resign_bundle(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    """Change a bundle's payload and sign it again with this laptop's (trusted) key."""
    doc = json.loads(path.read_text())
    payload = json.loads(base64.b64decode(doc["payload"]))
    change(payload)
    body = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    key = load_or_create_laptop_key()
    doc.update(
        key_id=key_id(key.public_key()),
        payload=base64.b64encode(body).decode(),
        signature=base64.b64encode(key.sign(body)).decode(),
    )
    path.write_text(json.dumps(doc))


def derived_revision(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A bundle revision derived from ``base`` with ``changes``, its id re-derived (5 s later)."""
    rev = {k: v for k, v in base.items() if k != "id"}
    rev.update({"parents": [base["id"]], **changes})
    t = dt.datetime.fromisoformat(rev["edited_at_utc"]) + dt.timedelta(seconds=5)
    rev["edited_at_utc"] = t.isoformat()
    hashed = {
        **rev,
        "observed_at_utc": dt.datetime.fromisoformat(rev["observed_at_utc"]),
        "edited_at_utc": t,
    }
    return {**rev, "id": revision_id(hashed)}


def hlz(**changes: Any) -> dict[str, Any]:
    """An HLZ form as the store keeps it (decimal degrees)."""
    form: dict[str, Any] = {
        "form": "hlz",
        "name": "Ridge HLZ",
        "team": "Team North",
        "position": {"lat_deg": 67.05, "lon_deg": -50.6},
        "observed_at_utc": "2026-02-03T14:00:00Z",
        "touchdown_diameter_m": 110,
        "ground_slope_deg": 9,
        "surface": "gravel",
        "narrative": "ridge top, wind-scoured",
    }
    form.update(changes)
    return form
