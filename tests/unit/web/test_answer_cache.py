"""The per-reader answer cache of the sites and findings layers (arcticrecon.web.answers).

Invalidated by any committed change to the store, made by another connection or another
process; never an answer built for another reader.
"""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from arcticrecon.store import MissionRepository, ReportRepository, Store, open_store
from arcticrecon.web import create_app
from arcticrecon.web.answers import AnswerCache
from web._world import ADMIN, BEL, FRA, World, login, seed, settings_for

TOKENS = ("ALL-UNCLAS", "DNK-BEL-RESTRICTED", "DNK-ONLY", "DNK-CONFIDENTIAL")
#: The releasability matrix of the seeded reports (web/_world.py's docstring).
SEEN = {
    ADMIN: {"ALL-UNCLAS", "DNK-BEL-RESTRICTED", "DNK-ONLY", "DNK-CONFIDENTIAL"},
    BEL: {"ALL-UNCLAS", "DNK-BEL-RESTRICTED"},
    FRA: {"ALL-UNCLAS"},
}
#: Visible reports at BGSF / BGGH per reader (same matrix).
COUNTS = {ADMIN: (2, 2), BEL: (2, 0), FRA: (1, 0)}
PG_ENV = "ARCTICRECON_TEST_POSTGRES_URL"


def _cache(world: World) -> AnswerCache:
    cache = world.app.state.arx.cache["answers"]
    assert isinstance(cache, AnswerCache)
    return cache


def _get(client: TestClient, user: str, layer: str) -> str:
    r = client.get(f"/api/map/layers/{layer}", headers=login(client, user))
    client.cookies.clear()
    assert r.status_code == 200, r.text
    return r.text


def _counts(text: str) -> tuple[int, int]:
    n = {f["id"]: f["properties"]["n_reports"] for f in json.loads(text)["features"]}
    return n.get("BGSF", 0), n.get("BGGH", 0)


def _seen(text: str) -> set[str]:
    return {t for t in TOKENS if t in text}


@pytest.fixture()
def pg_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    """The seeded coalition on PostgreSQL (own schema), skipped without a server."""
    base = os.environ.get(PG_ENV, "").strip()
    if not base:
        pytest.skip(f"{PG_ENV} is not set")
    monkeypatch.setenv("ARCTICRECON_KEY_DIR", str(tmp_path / "keys"))
    admin = sa.create_engine(base)
    schema = f"t_{uuid.uuid4().hex[:16]}"
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = sa.make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    store = open_store(url.render_as_string(hide_password=False))
    try:
        ids, photo = seed(store)
        app = create_app(settings_for(tmp_path / "unused.sqlite"), store=store)
        yield World(store, app, ids, photo)
        app.state.arx.runs.shutdown()
    finally:
        store.close()
        with admin.begin() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        admin.dispose()


def _add_from_another_engine(url: str, text: str) -> None:
    """A report released to DNK and BEL at BGGH, written through its own engine."""
    other = open_store(url)
    try:
        with other.write() as s:
            w = MissionRepository(s).reader_for(ADMIN)
            ReportRepository(s, w).add(
                site="BGGH", kind="port", text=text, level="UNCLASSIFIED", rel_to=["DNK", "BEL"]
            )
    finally:
        other.close()


def _check_invalidation(world: World, client: TestClient, write: object) -> None:
    for layer in ("findings", "sites"):
        _get(client, BEL, layer)
    cache = _cache(world)
    hits = cache.hits
    before_f, before_s = _get(client, BEL, "findings"), _get(client, BEL, "sites")
    assert cache.hits == hits + 2  # both answered from the cache
    assert "NEW-FROM-ELSEWHERE" not in before_f
    assert _counts(before_s) == COUNTS[BEL]
    assert callable(write)
    write()
    after_f, after_s = _get(client, BEL, "findings"), _get(client, BEL, "sites")
    assert cache.hits == hits + 2  # both rebuilt
    assert "NEW-FROM-ELSEWHERE" in after_f and _seen(after_f) == SEEN[BEL]
    assert _counts(after_s) == (COUNTS[BEL][0], COUNTS[BEL][1] + 1)
    # FRA may not read the new report: its answers do not change
    assert "NEW-FROM-ELSEWHERE" not in _get(client, FRA, "findings")
    assert _counts(_get(client, FRA, "sites")) == COUNTS[FRA]


def test_cache__a_report_added_by_another_process_shows_at_once(
    world: World, client: TestClient
) -> None:
    url = str(world.store.engine.url)
    code = (
        "import sys\n"
        "from arcticrecon.store import MissionRepository, ReportRepository, open_store\n"
        "st = open_store(sys.argv[1])\n"
        "with st.write() as s:\n"
        f"    w = MissionRepository(s).reader_for({ADMIN!r})\n"
        "    ReportRepository(s, w).add(site='BGGH', kind='port', text='NEW-FROM-ELSEWHERE',\n"
        "                               level='UNCLASSIFIED', rel_to=['DNK', 'BEL'])\n"
        "st.close()\n"
    )

    def write() -> None:
        subprocess.run([sys.executable, "-c", code, url], check=True, timeout=120)

    _check_invalidation(world, client, write)


def test_cache__postgresql_a_report_added_through_another_connection_shows_at_once(
    pg_world: World,
) -> None:
    url = pg_world.store.engine.url.render_as_string(hide_password=False)
    with TestClient(pg_world.app, base_url="http://127.0.0.1") as client:
        assert _cache_enabled(pg_world, client)
        _check_invalidation(
            pg_world, client, lambda: _add_from_another_engine(url, "NEW-FROM-ELSEWHERE")
        )


def _cache_enabled(world: World, client: TestClient) -> bool:
    _get(client, FRA, "findings")
    return _cache(world).enabled()


def test_cache__an_override_changed_by_hand_in_sql_shows_at_once(
    world: World, client: TestClient
) -> None:
    text = _get(client, BEL, "sites")
    by = {f["id"]: f["properties"] for f in json.loads(text)["features"]}
    assert by["BGSF"]["override_longest_runway_m"] == 2500.0
    _get(client, BEL, "sites")  # cached now
    with world.store.engine.begin() as conn:  # behind the application's back
        conn.execute(sa.text("UPDATE site_override SET rel_to = '[\"DNK\"]'"))
    text = _get(client, BEL, "sites")
    assert "override_longest_runway_m" not in text  # no longer released to BEL


@pytest.mark.parametrize("order", list(itertools.permutations([ADMIN, BEL, FRA])))
def test_cache__a_reader_never_gets_another_readers_answer(
    world: World, client: TestClient, order: tuple[str, ...]
) -> None:
    """Each reader, in every order and twice (the second time from the cache), gets
    exactly what the releasability matrix gives them."""
    for _round in range(2):
        for user in order:
            f = _get(client, user, "findings")
            assert _seen(f) == SEEN[user], user
            s = _get(client, user, "sites")
            assert _counts(s) == COUNTS[user], user
            assert ("override_longest_runway_m" in s) == (user != FRA), user
            assert json.loads(s)["metadata"]["audience"].startswith(user), user
    assert _cache(world).hits >= 2 * len(order)


def test_cache__a_store_without_the_triggers_is_not_cached(tmp_path: Path) -> None:
    """A table without its generation trigger: every answer is built (still correct)."""
    from arcticrecon.store.generation import trigger_names

    store: Store = open_store(tmp_path / "web.sqlite")
    try:
        seed(store)
        with store.engine.begin() as conn:
            conn.exec_driver_sql(f'DROP TRIGGER "{trigger_names("sqlite", "recon_report")[0]}"')
        app = create_app(settings_for(tmp_path / "web.sqlite"), store=store)
        with TestClient(app, base_url="http://127.0.0.1") as client:
            for _ in range(2):
                assert _seen(_get(client, BEL, "findings")) == SEEN[BEL]
            cache = app.state.arx.cache["answers"]
            assert not cache.enabled() and cache.hits == 0
        app.state.arx.runs.shutdown()
    finally:
        store.close()
