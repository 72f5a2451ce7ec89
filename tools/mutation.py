"""Mutation testing of the modules whose numbers planners act on (issue 11 §5): ``make mutation``.

Runs mutmut (pinned in the ``mutation`` extra of pyproject.toml) once per *group* — a few
source modules and only the tests that exercise them — in a scratch copy of the project
under ``build/mutation/<group>/`` (so groups neither share nor clobber mutmut's state and
the worktree stays clean), then prints one line per group and writes
``build/mutation/summary.json`` and ``build/mutation/summary.md``.

Score of a group = killed / (mutants - listed equivalents), where "killed" counts mutants
that a test failed on or timed out on, and every other outcome (survived, no test covers
the line, suspicious) counts against the score. Equivalent mutants — changes that cannot
alter any result, e.g. a default that is always overridden — are listed with a reason in
``tools/mutation_equivalent.md`` (one ``- `mutant name`: reason`` line each) and leave the
denominator; every other survivor is a missing test.

Not part of ``make test`` or CI (minutes per group on 2 cores). Usage::

    python tools/mutation.py                       # every group
    python tools/mutation.py cold rank             # some groups
    python tools/mutation.py --list                # the groups and their tests
    python tools/mutation.py cold --survivors      # also print each survivor's diff
    python tools/mutation.py policy --only 'arcticrecon.survey.policy.*'   # some mutants
    python tools/mutation.py planner --recheck old/summary.json   # only its survivors

``--recheck`` takes a previous run's summary.json, re-runs only the mutants that run left
not killed (same mutated files, checked by hash; the tests may have grown) and reports the
full run's counts with those statuses updated: "full run at <sha> + re-check of N
survivors at <sha>".
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "mutation"
EQUIVALENT = ROOT / "tools" / "mutation_equivalent.md"


@dataclass(frozen=True)
class Group:
    """A set of modules mutated together and the tests that are run against them."""

    name: str
    modules: tuple[str, ...]  # globs relative to the project root, as mutmut's only_mutate
    tests: tuple[str, ...]  # pytest paths (files, folders or node ids)
    pytest_args: tuple[str, ...] = ()  # extra pytest options, e.g. a -k selection


GROUPS = (
    Group(
        "rank",
        ("src/arcticrecon/rank/*.py",),
        (
            "tests/unit/rank",
            "tests/property/test_rank_invariants.py",
            "tests/unit/test_planner_ranking_by_hand.py",
        ),
    ),
    Group(
        "coverage_mclp",
        ("src/arcticrecon/coverage/solver.py", "src/arcticrecon/coverage/reductions.py"),
        (
            "tests/unit/coverage/test_coverage_mclp.py",
            "tests/property/test_coverage_properties.py",
            "tests/reference/test_coverage_reference.py",
        ),
    ),
    Group(
        "planner",
        ("src/arcticrecon/planner/*.py",),
        (
            "tests/unit/test_planner_factors.py",
            "tests/unit/test_planner_features.py",
            "tests/unit/test_planner_make_plan.py",
            "tests/unit/test_planner_build_features_all.py",
            "tests/unit/test_planner_site_tables.py",
            "tests/unit/test_planner_h_hour.py",
            "tests/unit/test_planner_working_hours.py",
            "tests/unit/test_planner_ranking_by_hand.py",
            "tests/unit/test_planner_windows.py",
        ),
    ),
    Group(
        "policy",
        ("src/arcticrecon/survey/policy.py", "src/arcticrecon/store/reports.py"),
        (
            "tests/unit/survey",
            "tests/property/test_releasability_policy_properties.py",
            "tests/unit/store/test_store_releasability.py",
            "tests/unit/store/test_store_remarking.py",
            "tests/unit/store/test_store_crud.py",
            "tests/unit/store/test_store_surveys.py",
            "tests/unit/store/test_store_export_resolve.py",
            "tests/unit/store/test_store_reports_contract.py",
            "tests/unit/store/test_store_reports_details.py",
        ),
        # the PostgreSQL variants repeat the SQLite ones (the same repository code); they
        # skip without ARCTICRECON_TEST_POSTGRES_URL, which tools/mutation.py does not need
        ("-k", "not postgres"),
    ),
    Group(
        "light_events",
        ("src/arcticrecon/light/events.py",),
        (
            "tests/unit/light",
            "tests/property/test_light_properties.py",
            "tests/reference/test_light_cases.py",
            "tests/reference/test_pituffik_reference.py",
        ),
        # the skyfield-engine variants repeat the fast variants' assertions on the slow
        # engine; events.py's dispatch to it is tested by test_engine_dispatch__both_engines
        ("-k", "not skyfield"),
    ),
    Group(
        "cold",
        ("src/arcticrecon/cold/*.py",),
        (
            "tests/unit/cold",
            "tests/property/test_windchill_properties.py",
            "tests/reference/test_cold_reference.py",
        ),
    ),
)
BY_NAME = {g.name: g for g in GROUPS}

KILLED = {"killed", "timeout", "caught by type check"}

#: Appended to the scratch copy's tests/conftest.py. mutmut 3 maps a function to the tests
#: during which it ran; a module- or session-scoped fixture runs during the *first* test
#: that uses it only, so a mutant in a function such a fixture calls was run against that
#: one test and the other tests asserting on the fixture's result never saw it. This hook
#: maps what a test's setup ran to every test of its file that uses one of the wider-scoped
#: fixtures that setup built. mutmut also times a test by its call phase only, so a test
#: whose fixture does the work looked instant: it ran first for every mutant and its real
#: time exceeded mutmut's timeout (15 x the estimate + 1 s), a "timeout" counted as killed.
#: The setup phase is added to the test's time (and the timeout constant is 60 s).
ATTRIBUTION_HOOK = """

# --- appended by tools/mutation.py (not in the project's tests) ---
import pytest as _mutation_pytest

_MUTATION_SETUP_HITS = {}


def _mutmut_stats_run(config):
    plugins = config.pluginmanager.get_plugins()
    return any(type(p).__name__ == "StatsCollector" for p in plugins)


def _mutation_name(nodeid):
    return nodeid[len("mutants/") :] if nodeid.startswith("mutants/") else nodeid


def _mutation_wide_fixtures(item):
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return set()
    return {
        name
        for name, defs in info.name2fixturedefs.items()
        if defs and defs[-1].scope != "function"
    }


@_mutation_pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item):
    if not _mutmut_stats_run(item.config):
        yield
        return
    from mutmut.state import state

    before = set(state()._stats)
    yield
    _MUTATION_SETUP_HITS[item.nodeid] = set(state()._stats) - before


def pytest_runtest_makereport(item, call):
    if call.when == "setup" and _mutmut_stats_run(item.config):
        from mutmut.state import state

        state().duration_by_test[item.nodeid] += call.duration


def pytest_sessionfinish(session, exitstatus):
    if not _mutmut_stats_run(session.config):
        return  # a mutant's test run, not mutmut's stats run
    from mutmut.state import state

    items = {i.nodeid: i for i in session.items}
    by_file = {}
    for i in session.items:
        by_file.setdefault(i.nodeid.split("::", 1)[0], []).append(i)
    tests = state().tests_by_mangled_function_name
    for nodeid, hits in _MUTATION_SETUP_HITS.items():
        item = items.get(nodeid)
        if item is None or not hits:
            continue
        wide = _mutation_wide_fixtures(item)
        if not wide:
            continue
        sharing = [
            _mutation_name(o.nodeid)
            for o in by_file.get(nodeid.split("::", 1)[0], [])
            if wide & set(o.fixturenames)
        ]
        for function in hits:
            tests[function].update(sharing)
"""


def _scratch(group: Group) -> Path:
    """A fresh copy of src/, tests/, examples/ and pyproject.toml with mutmut's settings."""
    work = OUT / group.name
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".hypothesis")
    for top in ("src", "tests", "examples"):
        shutil.copytree(ROOT / top, work / top, ignore=ignore)
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    # doctests run in make test; here they would run once per trampolined copy of a function
    text = text.replace(" --doctest-modules", "")
    if "[tool.mutmut]" in text:
        raise SystemExit(
            "pyproject.toml has a [tool.mutmut] table: tools/mutation.py writes its own"
        )
    settings = {
        "source_paths": ["src"],
        "only_mutate": list(group.modules),
        "also_copy": ["examples"],
        "pytest_add_cli_args_test_selection": list(group.tests),
        # a test whose module fixture builds a plan takes tens of seconds on a loaded
        # machine: not a timeout (an endless loop still is, after 15 x its time + 60 s)
        "timeout_constant": 60.0,
        # fixed hypothesis seed: a mutant is judged by the same examples every time
        "pytest_add_cli_args": [
            *("-p", "no:cacheprovider", "--hypothesis-seed=0", "-x", "-q"),
            *group.pytest_args,
        ],
    }
    lines = ["", "[tool.mutmut]"] + [f"{k} = {json.dumps(v)}" for k, v in settings.items()]
    (work / "pyproject.toml").write_text(text + "\n".join(lines) + "\n", encoding="utf-8")
    conftest = work / "tests" / "conftest.py"
    conftest.write_text(conftest.read_text(encoding="utf-8") + ATTRIBUTION_HOOK, encoding="utf-8")
    return work


def _equivalents() -> dict[str, str]:
    """Mutant name -> reason, from tools/mutation_equivalent.md."""
    if not EQUIVALENT.exists():
        return {}
    found = re.findall(r"^- `([^`]+)`: (.+)$", EQUIVALENT.read_text(encoding="utf-8"), re.M)
    return dict(found)


def _results(work: Path) -> dict[str, str]:
    """Mutant name -> mutmut status, from ``mutmut results --all true``."""
    out = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        cwd=work,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return dict(re.findall(r"^\s*(\S+): (.+?)\s*$", out, re.M))


def source_hash(root: Path, modules: tuple[str, ...] | list[str]) -> str:
    """SHA-256 over the group's mutated files under ``root`` (relative path and bytes)."""
    h = hashlib.sha256()
    files = sorted({p for m in modules for p in root.glob(m) if p.is_file()})
    if not files:
        raise SystemExit(f"no file matches {list(modules)} under {root}")
    for f in files:
        h.update(f.relative_to(root).as_posix().encode() + b"\0")
        h.update(f.read_bytes() + b"\0")
    return h.hexdigest()


def _commit() -> str:
    """Short sha of the worktree's HEAD, with ``+dirty`` when src/ or tests/ have changes."""
    git = ["git", "-C", str(ROOT)]
    sha = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    if sha.returncode != 0:
        return "unknown"
    dirty = subprocess.run([*git, "status", "--porcelain", "src", "tests"], capture_output=True)
    return sha.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def merge_recheck(
    full: dict[str, Any],
    rechecked: dict[str, str],
    equivalent: dict[str, str],
    *,
    commit: str,
    full_commit: str,
) -> dict[str, Any]:
    """A full run's row with the statuses of its re-checked survivors replaced.

    ``full`` is the group's row of a previous summary.json (``mutants``, ``killed``,
    ``equivalent``, ``not_killed``); ``rechecked`` maps each of its ``not_killed``
    mutants to the status a re-run against the current tests gave it (every one of them
    must be there: a partial re-check would score mutants that were not re-run).
    Mutants the full run killed stay killed (the source is the same, tests only grow).

    Raises
    ------
    ValueError
        If a survivor of the full run was not re-checked, or a re-checked name is not one.
    """
    old_left = dict(full["not_killed"])
    missing = sorted(set(old_left) - set(rechecked))
    extra = sorted(set(rechecked) - set(old_left))
    if missing or extra:
        raise ValueError(
            f"re-check does not match the full run's survivors: "
            f"missing {missing[:3]}, not survivors {extra[:3]}"
        )
    newly = sum(1 for st in rechecked.values() if st in KILLED)
    old_eq = [k for k in full["equivalent"] if k in equivalent]
    eq = sorted(
        set(old_eq) | {k for k, st in rechecked.items() if st not in KILLED and k in equivalent}
    )
    left = {
        k: st for k, st in sorted(rechecked.items()) if st not in KILLED and k not in equivalent
    }
    mutants = int(full["mutants"])
    killed = int(full["killed"]) + newly
    total = mutants - len(eq)
    basis = str(full.get("basis") or f"full run at {full_commit}")
    basis += f" + re-check of {len(rechecked)} survivors at {commit}"
    return {
        **full,
        "mutants": mutants,
        "killed": killed,
        "equivalent": eq,
        "not_killed": left,
        "score": killed / total if total else 1.0,
        "basis": basis,
        "recheck": [
            *full.get("recheck", []),
            {
                "base_commit": full_commit,
                "commit": commit,
                "rechecked": len(rechecked),
                "newly_killed": newly,
                "killed_before": int(full["killed"]),
            },
        ],
    }


def _row_from_scratch(group: Group, work: Path) -> dict[str, Any]:
    """The summary row of a finished full run, from its scratch dir (``mutmut results``)."""
    status = _results(work)
    unrun = [k for k, v in status.items() if v == "not checked"]
    if not status or unrun:
        raise SystemExit(f"{work}: not a finished run ({len(unrun)} mutants not checked)")
    return _score(group, status, seconds=0.0, only=())


def recheck_group(
    group: Group, summary: Path, *, children: int, full_commit: str | None
) -> dict[str, Any]:
    """Re-run only the mutants a previous full run left not killed; merged counts.

    The previous run's row comes from ``summary`` (its summary.json). Refused when the
    group's mutated files differ from that run's: its ``source_sha256``, or for a summary
    written before that field, the scratch copy beside it (``<dir>/<group>/src``).
    """
    if summary.is_dir():  # a finished full run's scratch dir, before its summary is written
        scratch = summary
        full = _row_from_scratch(group, scratch)
    else:
        scratch = summary.parent / group.name
        rows = {r["group"]: r for r in json.loads(summary.read_text(encoding="utf-8"))}
        if group.name not in rows:
            raise SystemExit(f"{summary}: no row for group {group.name!r}")
        full = rows[group.name]
    if full.get("only"):
        raise SystemExit(f"{summary}: {group.name} is not a full run (--only)")
    old_hash = full.get("source_sha256")
    if old_hash is None:  # an older summary: hash the run's scratch copy of the sources
        if scratch.resolve() == (OUT / group.name).resolve():
            # this tool's own scratch dir is rebuilt by every run: not evidence of the source
            raise SystemExit(
                f"{summary}: {group.name} has no source_sha256 and its scratch dir is this "
                "tool's own (rebuilt by every run): re-run the whole group"
            )
        old_hash = source_hash(scratch, group.modules)
    now_hash = source_hash(ROOT, group.modules)
    if old_hash != now_hash:
        raise SystemExit(
            f"{group.name}: the mutated source files differ from the full run's "
            f"({old_hash[:12]} vs {now_hash[:12]} now): re-run the whole group"
        )
    names = sorted(full["not_killed"])
    commit = _commit()
    base = full_commit or str(full.get("commit") or "unknown commit")
    if not names:
        return merge_recheck(full, {}, _equivalents(), commit=commit, full_commit=base)
    _, status, seconds = _mutmut(group, children, tuple(names))
    row = merge_recheck(full, status, _equivalents(), commit=commit, full_commit=base)
    row["source_sha256"] = now_hash
    row["seconds_recheck"] = round(seconds, 1)
    return row


def _mutmut(
    group: Group, children: int, only: tuple[str, ...]
) -> tuple[Path, dict[str, str], float]:
    """Mutmut run in a fresh scratch copy: (scratch dir, mutant -> status, seconds)."""
    work = _scratch(group)
    t0 = time.monotonic()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    log = work / "mutmut.log"
    with log.open("w", encoding="utf-8") as fh:
        proc = subprocess.run(
            [sys.executable, "-m", "mutmut", "run", "--max-children", str(children), *only],
            cwd=work,
            stdout=fh,
            stderr=subprocess.STDOUT,
            env=env,
            check=False,
        )
    seconds = time.monotonic() - t0
    if proc.returncode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace")[-2000:]
        raise SystemExit(f"mutmut failed for group {group.name} (log {log}):\n{tail}")
    status = _results(work)
    if only:  # score the mutants that were run, not those left unchecked by the filter
        status = {k: v for k, v in status.items() if any(fnmatch.fnmatch(k, p) for p in only)}
        unrun = sorted(k for k, v in status.items() if v == "not checked")
        if unrun:
            raise SystemExit(f"mutmut left {len(unrun)} selected mutants unchecked: {unrun[:3]}")
    return work, status, seconds


def run_group(
    group: Group, *, children: int, survivors: bool, only: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Run mutmut over one group (or its mutants matching ``only``); counts and score."""
    work, status, seconds = _mutmut(group, children, only)
    row = _score(group, status, seconds=seconds, only=only)
    row["commit"] = _commit()
    row["source_sha256"] = source_hash(ROOT, group.modules)
    row["basis"] = f"full run at {row['commit']}" if not only else f"--only {' '.join(only)}"
    if survivors:
        for name in row["not_killed"]:
            diff = subprocess.run(
                [sys.executable, "-m", "mutmut", "show", name],
                cwd=work,
                capture_output=True,
                text=True,
                check=False,
            ).stdout
            print(f"--- {name} ({status[name]})\n{diff}")
    return row


def _score(
    group: Group, status: dict[str, str], *, seconds: float, only: tuple[str, ...]
) -> dict[str, Any]:
    """Counts and score of mutant statuses (equivalents from tools/mutation_equivalent.md)."""
    equivalent = _equivalents()
    eq = sorted(k for k in status if k in equivalent and status[k] not in KILLED)
    killed = sum(1 for s in status.values() if s in KILLED)
    total = len(status) - len(eq)
    left = sorted(k for k, s in status.items() if s not in KILLED and k not in equivalent)
    return {
        "group": group.name,
        "modules": list(group.modules),
        "tests": list(group.tests),
        "mutants": len(status),
        "killed": killed,
        "equivalent": eq,
        "not_killed": {k: status[k] for k in left},
        "score": killed / total if total else 1.0,
        "seconds": round(seconds, 1),
        "only": list(only),
    }


def _write_summary(rows: list[dict[str, Any]]) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    old: dict[str, dict[str, Any]] = {}
    path = OUT / "summary.json"
    if path.exists():
        old = {r["group"]: r for r in json.loads(path.read_text(encoding="utf-8"))}
    old.update({str(r["group"]): r for r in rows})
    merged = [old[g.name] for g in GROUPS if g.name in old]
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(merged, indent=1), encoding="utf-8")
    tmp.replace(path)
    md = [
        "| group | mutants | killed | equivalent | not killed | score | basis |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in merged:
        md.append(
            f"| {r['group']} | {r['mutants']} | {r['killed']} | {len(r['equivalent'])} "
            f"| {len(r['not_killed'])} | {100 * float(r['score']):.1f} % "
            f"| {r.get('basis', 'full run')} |"
        )
    tmp = OUT / "summary.md.tmp"
    tmp.write_text("\n".join(md) + "\n", encoding="utf-8")
    tmp.replace(OUT / "summary.md")


def main(argv: list[str] | None = None) -> int:
    """Command line: run the named groups (default all), print and write the summary."""
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("groups", nargs="*", help=f"default: all of {', '.join(BY_NAME)}")
    p.add_argument("--children", type=int, default=2, help="parallel mutants (default 2)")
    p.add_argument("--survivors", action="store_true", help="print each survivor's diff")
    p.add_argument("--list", action="store_true", help="list the groups and exit")
    p.add_argument(
        "--only",
        action="append",
        default=[],
        metavar="GLOB",
        help="run only the mutants whose name matches (fnmatch; repeatable); partial score",
    )
    p.add_argument(
        "--recheck",
        type=Path,
        metavar="SUMMARY_JSON",
        help="re-run only the mutants that full run left not killed, against the current "
        "tests; counts merged with that run's (refused if the mutated files differ)",
    )
    p.add_argument(
        "--full-run-sha",
        metavar="SHA",
        help="commit of the --recheck summary's full run, if that summary does not say it",
    )
    p.add_argument("--goal", type=float, default=0.90, help="score to reach (default 0.90)")
    a = p.parse_args(argv)
    if a.recheck and a.only:
        print("--recheck and --only exclude each other", file=sys.stderr)
        return 2
    if a.list:
        for g in GROUPS:
            print(f"{g.name}: {' '.join(g.modules)}\n    tests: {' '.join(g.tests)}")
        return 0
    unknown = [n for n in a.groups if n not in BY_NAME]
    if unknown:
        print(f"unknown group {unknown[0]!r}; groups: {', '.join(BY_NAME)}", file=sys.stderr)
        return 2
    rows = []
    for g in [BY_NAME[n] for n in a.groups] or list(GROUPS):
        if a.recheck:
            r = recheck_group(g, a.recheck, children=a.children, full_commit=a.full_run_sha)
        else:
            r = run_group(g, children=a.children, survivors=a.survivors, only=tuple(a.only))
        rows.append(r)
        print(
            f"{r['group']:<14} {r['killed']:>5}/{r['mutants'] - len(r['equivalent'])} killed "
            f"({len(r['equivalent'])} equivalent excluded)  score {100 * r['score']:.1f} %"
            f"  [{r.get('seconds_recheck', r['seconds'])} s]  {r['basis']}",
            flush=True,
        )
    _write_summary(rows)
    print(f"summary: {OUT / 'summary.md'}")
    return 0 if all(float(r["score"]) >= a.goal for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
