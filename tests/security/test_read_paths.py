"""Every interface read path, as every person of four nations and four clearances, against
the independent oracle (``oracle.py``): CLI outputs, web endpoints and per-audience plan
outputs, on SQLite and PostgreSQL.

Hypothesis draws who files which report and override with which marking; then each
person reads through the CLI (``survey list/show/search``, ``override list``, JSON and
table) and the web API (surveys, site detail, findings layer, attachments). Every
record's text carries a unique token, so a leak is a token in an output. A hidden record
answers exactly like one that does not exist. Then the same people try to re-mark
reports through the CLI (``survey edit``) and through the web (attachments), and the
oracle says what must happen. The plan test writes ``plan --db --as`` for several
audiences and checks each file's marking (the high-water mark of the findings and the
effective overrides the oracle says that person may read) and the override values used.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st

from arcticrecon.store import OverrideRepository, ReportRepository, Store, open_store
from arcticrecon.testing import in_ci

from .oracle import (
    LEVELS,
    NATIONS,
    PEOPLE,
    Override,
    Person,
    Report,
    edit_marking,
    may_read,
    new_marking,
    with_nations,
)
from .test_adversarial_sequences import _seed

PASSWORD = "correct horse battery staple"
SITES = ("BGSF", "BGGH", "BGTL")
T0 = dt.datetime(2026, 1, 20, 12, 0, tzinfo=dt.UTC)
PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a2cd4b"
    "da0000000049454e44ae426082"
)

person_i = st.integers(0, len(PEOPLE) - 1)
level_i = st.integers(0, len(LEVELS) - 1)
rel_to = st.lists(st.sampled_from(NATIONS), min_size=1, max_size=4, unique=True).map(tuple)
report_spec = st.tuples(person_i, level_i, rel_to, st.sampled_from(SITES))
override_spec = st.tuples(person_i, level_i, rel_to, st.sampled_from(SITES))
edit_spec = st.tuples(person_i, st.integers(0, 20), level_i, rel_to)
attach_spec = st.tuples(person_i, st.integers(0, 20), level_i, rel_to)

#: CI: fixed examples (derandomized by the "ci" profile); locally a few more.
EXAMPLES = {"sqlite": 3 if in_ci() else 5, "postgres": 2}


@pytest.fixture(autouse=True)
def _cheap_argon2(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at minimal cost (verification reads the cost from the hash: same path)."""
    from argon2 import PasswordHasher

    from arcticrecon.web import security

    monkeypatch.setattr(
        security, "_HASHER", PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)
    )


def _people_with_logins(store: Store) -> None:
    from arcticrecon.web.users import add_user

    _seed(store)
    with store.write() as s:
        for p in PEOPLE:
            add_user(s, username=p.name, password=PASSWORD, nation=p.nation, clearance=p.clearance)


class World:
    """The records filed so far, as the oracle knows them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.reports: list[Report] = []
        self.overrides: list[Override] = []
        self.override_at: dict[str, tuple[str, dt.datetime, float]] = {}
        self.sites: dict[str, str] = {}  # report id -> site

    def reader(self, p: Person) -> Any:
        from arcticrecon.store import MissionRepository

        with self.store.read() as s:
            return MissionRepository(s).reader_for(p.name)

    def add_report(self, p: Person, lv: int, rel: tuple[str, ...], site: str) -> None:
        want = new_marking(p, LEVELS[lv], rel)
        if want is None:
            return  # refusals of the write rule: test_adversarial_sequences
        n = len(self.reports)
        with self.store.write() as s:
            got = ReportRepository(s, self.reader(p)).add(
                site=site, kind="airfield", text=f"TXT{n}Q", level=LEVELS[lv], rel_to=rel
            )
        self.reports.append(Report(got.id, p, want[0], want[1], f"TXT{n}Q"))
        self.sites[got.id] = site

    def add_override(self, p: Person, lv: int, rel: tuple[str, ...], site: str) -> None:
        want = new_marking(p, LEVELS[lv], rel)
        if want is None:
            return
        n = len(self.overrides)
        value = 1000.0 + 111.0 * n  # a runway length [m] no catalogue site has
        when = T0 + dt.timedelta(hours=n)
        with self.store.write() as s:
            o = OverrideRepository(s, self.reader(p)).add(
                site=site,
                field="longest_runway_m",
                value=value,
                level=LEVELS[lv],
                rel_to=rel,
                observed_at_utc=when,
                note=f"NOTE{n}Q",
            )
        self.overrides.append(Override(o.id, p, want[0], want[1]))
        self.override_at[o.id] = (site, when, value)

    # the oracle's derived views ---------------------------------------------------------
    def visible_reports(self, p: Person) -> list[Report]:
        return [r for r in self.reports if may_read(p, r.level, r.rel_to)]

    def visible_overrides(self, p: Person) -> list[Override]:
        return [o for o in self.overrides if may_read(p, o.level, o.rel_to)]

    def effective_overrides(self, p: Person) -> dict[str, Override]:
        """Per site, the newest runway override ``p`` may read."""
        best: dict[str, Override] = {}
        for o in self.visible_overrides(p):
            site, when, _ = self.override_at[o.id]
            if site not in best or when > self.override_at[best[site].id][1]:
                best[site] = o
        return best

    def hidden_tokens(self, p: Person) -> list[str]:
        out = [r.text for r in self.reports if not may_read(p, r.level, r.rel_to)]
        for i, o in enumerate(self.overrides):
            if not may_read(p, o.level, o.rel_to):
                out.append(f"NOTE{i}Q")
        return out


def oracle_banner(base: str, markings: list[tuple[str, tuple[str, ...]]]) -> str:
    """The high-water mark restated: highest level, nations common to all; level alone
    when no marked record was used."""
    level = max([base, *(m[0] for m in markings)], key=LEVELS.index)
    if not markings:
        return level
    common = set(markings[0][1])
    for _, rel in markings[1:]:
        common &= set(rel)
    return f"{level} REL TO {', '.join(sorted(common)) or '(no common nation)'}"


# -- the CLI ------------------------------------------------------------------------------
def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from arcticrecon.cli.main import main

    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def check_cli(w: World, db: str, capsys: pytest.CaptureFixture[str], *, full: bool) -> None:
    """Each person's CLI reads; ``full``: also tables, search and ``show`` of every hidden
    report (answered exactly like an id that does not exist) and one visible one."""
    nobody = "00000000-0000-4000-8000-000000000000"
    for p in PEOPLE:
        seen = {r.id for r in w.visible_reports(p)}
        hidden = w.hidden_tokens(p)
        code, out, _ = _cli(capsys, "survey", "list", "--as", p.name, "--db", db, "-f", "json")
        assert code == 0 and {d["id"] for d in json.loads(out)} == seen, p
        for d in json.loads(out):
            rep = next(r for r in w.reports if r.id == d["id"])
            assert d["text"] == rep.text
            assert (d["level"], set(d["rel_to"])) == (rep.level, set(rep.rel_to))
        if not full:
            continue
        code, out, _ = _cli(capsys, "survey", "list", "--search", "Q", "--as", p.name, "--db", db, "-f", "json")  # fmt: skip
        assert code == 0 and {d["id"] for d in json.loads(out)} == seen, p
        code, table, _ = _cli(capsys, "survey", "list", "--as", p.name, "--db", db)
        assert code == 0 and not [t for t in hidden if t in table], p
        code, out, _ = _cli(capsys, "override", "list", "--as", p.name, "--db", db, "-f", "json")
        assert code == 0, out
        assert {d["id"] for d in json.loads(out)} == {o.id for o in w.visible_overrides(p)}
        code, table, _ = _cli(capsys, "override", "list", "--as", p.name, "--db", db)
        assert code == 0 and not [t for t in hidden if t in table], p
        _, _, missing = _cli(capsys, "survey", "show", nobody, "--as", p.name, "--db", db)
        shown = [r for r in w.reports if r.id not in seen]
        shown += [r for r in w.reports if r.id in seen][:1]
        for r in shown:
            code, out, err = _cli(capsys, "survey", "show", r.id, "--as", p.name, "--db", db)
            if r.id in seen:
                assert code == 0 and r.text in out and r.level in out
            else:  # exactly the answer for an id that does not exist
                assert (code, out) == (2, "") and err == missing.replace(nobody, r.id), p


def cli_edit(
    w: World,
    db: str,
    capsys: pytest.CaptureFixture[str],
    spec: tuple[int, int, int, tuple[str, ...]],
) -> None:
    """A re-marking attempt through ``survey edit``: the oracle decides the outcome."""
    if not w.reports:
        return
    p, slot, lv, rel = PEOPLE[spec[0]], spec[1], LEVELS[spec[2]], spec[3]
    rep = w.reports[slot % len(w.reports)]
    argv = ["survey", "edit", rep.id, "--as", p.name, "--db", db, "--text", f"{rep.text} e"]
    argv += ["--level", lv, *[x for n in rel for x in ("--rel-to", n)]]
    code, _, err = _cli(capsys, *argv)
    if not may_read(p, rep.level, rep.rel_to):
        assert code == 2 and "not released to you" in err, (p, err)
        return
    want = edit_marking(p, rep, lv, rel)
    if isinstance(want, str):
        assert code == 2, (p, want, err)
        assert ("only the originator" in err) == (want == "release"), err
        return
    assert code == 0, err
    rep.level, rep.rel_to, rep.text = want[0], want[1], f"{rep.text} e"


# -- the web ------------------------------------------------------------------------------
@contextmanager
def web_client(store: Store, tmp_path: Path) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    from arcticrecon.web import WebSettings, create_app

    settings = WebSettings(
        database_url=store.engine.url.render_as_string(hide_password=False),
        secret_key="adversarial-test-secret-0123456789-abcdefgh",
        mission_file=Path(__file__).resolve().parents[2] / "examples" / "greenland-recon-2026.toml",
    )
    app = create_app(settings, store=store)
    with TestClient(app, base_url="http://127.0.0.1") as client:
        yield client


def _login(client: Any, p: Person) -> dict[str, str]:
    r = client.post("/api/auth/login", json={"username": p.name, "password": PASSWORD})
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['token']}"}


def check_web(w: World, client: Any, heads: dict[str, dict[str, str]]) -> None:
    nobody = "00000000-0000-4000-8000-000000000000"
    for p in PEOPLE:
        h = heads[p.name]
        seen = {r.id for r in w.visible_reports(p)}
        hidden = w.hidden_tokens(p)
        r = client.get("/api/surveys", headers=h)
        assert r.status_code == 200 and {x["id"] for x in r.json()} == seen, p
        r = client.get("/api/surveys?q=Q", headers=h)
        assert {x["id"] for x in r.json()} == seen
        missing = client.get(f"/api/surveys/{nobody}", headers=h)
        assert missing.status_code == 404
        asked = [x for x in w.reports if x.id not in seen] + [x for x in w.reports if x.id in seen][
            :1
        ]
        for rep in asked:
            r = client.get(f"/api/surveys/{rep.id}", headers=h)
            if rep.id in seen:
                assert r.status_code == 200 and r.json()["text"] == rep.text
            else:
                assert r.status_code == 404
                assert r.text == missing.text.replace(nobody, rep.id), p
        for site in SITES:
            r = client.get(f"/api/sites/{site}", headers=h)
            assert r.status_code == 200
            body = r.json()
            assert {x["id"] for x in body["reports"]} == {
                x.id for x in w.reports if x.id in seen and w.sites[x.id] == site
            }
            assert {x["id"] for x in body["override_records"]} == {
                o.id for o in w.visible_overrides(p) if w.override_at[o.id][0] == site
            }
            assert not [t for t in hidden if t in r.text], (p, site)
        r = client.get("/api/map/layers/findings", headers=h)
        assert r.status_code == 200 and not [t for t in hidden if t in r.text], p
        vis = w.visible_reports(p)
        want = oracle_banner(LEVELS[0], [(x.level, x.rel_to) for x in vis])
        assert r.json()["marking"]["banner"] == want, p
        for path in ("/api/sites", "/api/map/layers/sites"):
            r = client.get(path, headers=h)
            assert r.status_code == 200 and not [t for t in hidden if t in r.text], (p, path)


def web_attach(
    w: World,
    client: Any,
    heads: dict[str, dict[str, str]],
    spec: tuple[int, int, int, tuple[str, ...]],
) -> None:
    """An attachment through the web: never a way to re-mark the report."""
    if not w.reports:
        return
    p, slot, lv, rel = PEOPLE[spec[0]], spec[1], LEVELS[spec[2]], spec[3]
    rep = w.reports[slot % len(w.reports)]
    data = {"level": lv, "rel_to": list(rel)}
    r = client.post(
        f"/api/surveys/{rep.id}/attachments",
        headers=heads[p.name],
        files={"file": ("photo.png", PNG_1PX + rep.id.encode(), "image/png")},
        data=data,
    )
    if not may_read(p, rep.level, rep.rel_to):
        assert r.status_code == 404, (p, r.text)
        return
    att_rel = with_nations(rel, p.nation)
    stricter = LEVELS.index(lv) >= LEVELS.index(rep.level) and set(att_rel) <= set(rep.rel_to)
    if LEVELS.index(lv) > LEVELS.index(p.clearance) or not stricter:
        assert r.status_code == 422, (p, lv, rel, rep.level, rep.rel_to, r.text)
    else:
        assert r.status_code == 201, r.text
    # whatever happened, the report keeps its marking
    author = heads[rep.author.name]
    got = client.get(f"/api/surveys/{rep.id}", headers=author).json()
    assert (got["level"], set(got["rel_to"])) == (rep.level, set(rep.rel_to))


# -- the test -----------------------------------------------------------------------------
def test_cli_and_web_read_paths__every_person_sees_what_the_oracle_allows(
    backend: str,
    new_db_url: Callable[[], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    @settings(
        max_examples=EXAMPLES[backend],
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        database=None,
        phases=[Phase.explicit, Phase.reuse, Phase.generate],
    )
    @given(
        reports=st.lists(report_spec, min_size=2, max_size=7),
        overrides=st.lists(override_spec, min_size=1, max_size=4),
        edits=st.lists(edit_spec, min_size=1, max_size=4),
        attaches=st.lists(attach_spec, min_size=1, max_size=3),
    )
    def run(
        reports: list[Any], overrides: list[Any], edits: list[Any], attaches: list[Any]
    ) -> None:
        note(f"reports={reports} overrides={overrides} edits={edits} attaches={attaches}")
        url = new_db_url()
        store = open_store(url)
        db = url if backend == "postgres" else str(store.engine.url.database)
        try:
            _people_with_logins(store)
            w = World(store)
            for pi, lv, rel, site in reports:
                w.add_report(PEOPLE[pi], lv, rel, site)
            for pi, lv, rel, site in overrides:
                w.add_override(PEOPLE[pi], lv, rel, site)
            check_cli(w, db, capsys, full=True)
            for e in edits:
                cli_edit(w, db, capsys, e)
            check_cli(w, db, capsys, full=False)
            with web_client(store, tmp_path) as client:
                heads = {p.name: _login(client, p) for p in PEOPLE}
                check_web(w, client, heads)
                for a in attaches:
                    web_attach(w, client, heads, a)
        finally:
            store.close()

    run()


def test_plan_outputs__marked_for_each_audience_with_what_it_used(
    backend: str,
    new_db_url: Callable[[], str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``plan --db --as`` for several audiences over one world of mixed markings.

    Mads Berg (DNK UNCLASSIFIED) reads the all-nations report and runway value only; Lukas
    Weber (DEU SECRET) also the RESTRICTED REL TO FRA, DEU override, which narrows his
    files to DEU, FRA; Anna Holm (DNK SECRET) gets the newer DNK-only BGSF runway value
    and the SECRET finding; Jan Peeters (BEL RESTRICTED) the BEL+DNK finding.
    """
    import arcticrecon.catalog as catalog_pkg

    full = catalog_pkg.load_catalog()
    small = catalog_pkg.Catalog(
        tuple(s for s in full if s.icao in {"BGSF", "BGGH", "BGTL", "BGKK", "BGJN"}), full.source
    )
    monkeypatch.setattr(catalog_pkg, "load_catalog", lambda *a, **k: small)
    url = new_db_url()
    store = open_store(url)
    db = url if backend == "postgres" else str(store.engine.url.database)
    _people_with_logins(store)
    w = World(store)
    by = {p.name: p for p in PEOPLE}
    # reports: DNK SECRET, BEL+DNK RESTRICTED, all-nations UNCLASSIFIED
    w.add_report(by["Anna Holm"], 3, ("DNK",), "BGSF")
    w.add_report(by["Jan Peeters"], 1, ("DNK", "BEL"), "BGGH")
    w.add_report(by["Lukas Weber"], 0, NATIONS, "BGTL")
    # BGSF runway: an old all-nations value, a newer DNK-only one (later wins for DNK)
    w.add_override(by["Lukas Weber"], 0, NATIONS, "BGSF")
    w.add_override(by["Anna Holm"], 2, ("DNK",), "BGSF")
    w.add_override(by["Claire Martin"], 1, ("FRA", "DEU"), "BGGH")
    store.close()
    mission = tmp_path / "small.toml"
    mission.write_text(SMALL_MISSION, "utf-8")
    audiences = ["Mads Berg", "Lukas Weber"]  # every test of the marking rule shows here
    if backend == "sqlite":
        audiences += ["Anna Holm", "Jan Peeters"]
    for p in (by[name] for name in audiences):
        out = tmp_path / f"plan-{p.nation}-{p.clearance}"
        code, _, err = _cli(capsys, "plan", str(mission), "--db", db, "--as", p.name,
                            "--out", str(out), "-f", "json")  # fmt: skip
        assert code == 0, err
        eff = w.effective_overrides(p)
        used = [(r.level, r.rel_to) for r in w.visible_reports(p)]
        used += [(o.level, o.rel_to) for o in eff.values()]
        want = oracle_banner("UNCLASSIFIED", used)
        html = (out / "index.html").read_text("utf-8")
        assert html.count(want) >= 2, (p, want)  # banner top and bottom
        for name in ("opportunities.csv", "light.csv"):
            first = (out / name).read_text("utf-8").splitlines()[0]
            assert first == f"# marking: {want}", (p, name)
        geo = json.loads((out / "sites.geojson").read_text("utf-8"))
        assert geo["marking"]["banner"] == want, p
        with open(out / "opportunities.csv", newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
        runway = {r["icao"]: float(r["runway_value"]) for r in rows}
        for site, o in eff.items():  # the value of the override this audience may read
            assert runway[site] == pytest.approx(w.override_at[o.id][2]), (p, site)
        mine = {w.override_at[o.id][2] for o in eff.values()}
        for o in w.overrides:  # and no value of one it may not read
            value = w.override_at[o.id][2]
            if value not in mine:
                assert value not in runway.values(), (p, value)
        for token in w.hidden_tokens(p):
            assert token not in html, (p, token)


SMALL_MISSION = """
[mission]
name = "Adversarial plan"
lead_nation = "DNK"
start = 2026-01-19
end = 2026-03-31
hubs = ["BGSF"]

[[exercise]]
name = "Winter test"
kind = "cold_weather_land"
personnel = 50
duration_days = 7
aircraft = ["C-130J-30"]
season = { from = 2027-03-01, to = 2027-03-14 }
"""
