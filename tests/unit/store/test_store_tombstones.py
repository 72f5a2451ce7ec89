"""Deletions (site overrides) leave tombstones that sync (issue 17): re-importing an old
bundle does not resurrect a deleted override, and a bundle's deletion deletes here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from store_helpers import seed_mission

from arcticrecon.errors import ReleasabilityError
from arcticrecon.store import OverrideRepository, Store, export_bundle, import_bundle, verify_audit


def test_deleted_override__an_old_bundle_does_not_resurrect_it_and_the_deletion_syncs(
    open_new: Callable[[], Store], tmp_path: Path
) -> None:
    a, b = open_new(), open_new()
    people = seed_mission(a)
    seed_mission(b)
    anna = people.dnk_secret
    with a.write() as s:
        oid = OverrideRepository(s, anna).add(site="BGSF", field="beds", value=40).id
    export_bundle(a, anna, tmp_path / "old.arx")
    import_bundle(b, tmp_path / "old.arx")
    with a.write() as s:
        OverrideRepository(s, anna).delete(oid)
    # laptop A re-imports the old bundle (from B, or its own): the override stays deleted
    assert import_bundle(a, tmp_path / "old.arx").overrides_new == 0
    with a.read() as s:
        assert OverrideRepository(s, anna).list() == []
    # the deletion travels: B deletes its copy
    export_bundle(a, anna, tmp_path / "new.arx")
    assert import_bundle(b, tmp_path / "new.arx").deletions == 1
    import_bundle(b, tmp_path / "old.arx")
    for st in (a, b):
        with st.read() as s:
            assert OverrideRepository(s, anna).list() == []
            assert verify_audit(s).ok, verify_audit(s).reason


def test_delete_override__only_its_originator(store: Store) -> None:
    people = seed_mission(store)
    with store.write() as s:
        oid = OverrideRepository(s, people.dnk_secret).add(site="BGSF", field="beds", value=4).id
    with pytest.raises(ReleasabilityError, match="only its originator"), store.write() as s:
        OverrideRepository(s, people.bel_restricted).delete(oid)
    with store.read() as s:
        assert [o.id for o in OverrideRepository(s, people.dnk_secret).list()] == [oid]
