"""Read-only views for planning and reporting: plain objects, already filtered.

Planning code (``plan --db``) and the report generator call these and never touch the
database themselves. Everything returned has passed
:func:`arcticrecon.survey.policy.can_read` for the given reader.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from arcticrecon.store.db import Store, open_store
from arcticrecon.store.repositories import (
    MissionRecord,
    MissionRepository,
    OverrideRepository,
    ReportRepository,
)
from arcticrecon.survey.marking import Reader
from arcticrecon.survey.models import ReconReport, SiteOverride

__all__ = [
    "AudienceReportData",
    "audience_report_data",
    "load_reader",
    "load_visible_reports",
    "load_visible_site_override_records",
    "load_visible_site_overrides",
]

Source = Store | Session | str | Path


@contextmanager
def _session(source: Source) -> Iterator[Session]:
    if isinstance(source, Session):
        yield source
        return
    if isinstance(source, Store):
        with source.read() as s:
            yield s
        return
    store = open_store(source, create=False)  # reading never creates a database
    try:
        with store.read() as s:
            yield s
    finally:
        store.close()


def load_reader(source: Source, person: str) -> Reader:
    """The :class:`Reader` of a stored person (name or id).

    Raises
    ------
    NotFoundError
        If there is no such person (or no mission).
    """
    with _session(source) as s:
        return MissionRepository(s).reader_for(person)


def load_visible_site_overrides(source: Source, reader: Reader) -> dict[str, dict[str, Any]]:
    """Catalogue overrides the reader may see: ``{icao: {field: value}}``.

    Parameters
    ----------
    source : Store, Session, str or Path
        An open store/session, or a SQLite path / database URL.
    reader : Reader

    Returns
    -------
    overrides : dict
        Per site and field (:data:`~arcticrecon.survey.OVERRIDE_FIELDS`, units in the field
        names), the newest visible observation's value.
    """
    with _session(source) as s:
        return OverrideRepository(s, reader).effective()


def load_visible_site_override_records(
    source: Source, reader: Reader, *, site: str | None = None
) -> list[SiteOverride]:
    """Visible overrides with provenance and marking (by site, field, observation time).

    Parameters
    ----------
    source : Store, Session, str or Path
    reader : Reader
    site : str, optional

    Returns
    -------
    overrides : list of SiteOverride
    """
    with _session(source) as s:
        return OverrideRepository(s, reader).list(site=site)


def load_visible_reports(
    source: Source, reader: Reader, *, site: str | None = None, kind: str | None = None
) -> list[ReconReport]:
    """Reconnaissance reports the reader may see (current revisions, plain objects).

    Parameters
    ----------
    source : Store, Session, str or Path
        An open store/session, or a SQLite path / database URL.
    reader : Reader
    site : str, optional
        Only this ICAO code / ident.
    kind : str, optional
        ``airfield``, ``port``, ``training_area`` or ``accommodation``.

    Returns
    -------
    reports : list of ReconReport
    """
    with _session(source) as s:
        return ReportRepository(s, reader).list(site=site, kind=kind)


@dataclass(frozen=True)
class AudienceReportData:
    """Everything a per-audience report may show, filtered for that audience.

    Attributes
    ----------
    audience : Reader
    banner : str
        Highest level actually present and the audience nation, e.g.
        ``"RESTRICTED — released to BEL"``, for the page header.
    mission : MissionRecord
    reports : tuple of ReconReport
    overrides : tuple of SiteOverride
    """

    audience: Reader
    banner: str
    mission: MissionRecord
    reports: tuple[ReconReport, ...]
    overrides: tuple[SiteOverride, ...]


def audience_report_data(source: Source, audience: Reader) -> AudienceReportData:
    """Collect the findings one audience may see, for a per-audience report.

    Parameters
    ----------
    source : Store, Session, str or Path
    audience : Reader
        A person (:func:`load_reader`) or a nation at a clearance
        (``Reader(nation="FRA", clearance="RESTRICTED", levels=mission.levels)``).

    Returns
    -------
    AudienceReportData
        Only records :func:`~arcticrecon.survey.can_read` allows for ``audience``.
    """
    with _session(source) as s:
        mission = MissionRepository(s).get_mission()
        reports = tuple(ReportRepository(s, audience).list())
        overrides = tuple(OverrideRepository(s, audience).list())
    present = [r.marking.level for r in reports] + [o.marking.level for o in overrides]
    levels = audience.levels
    top = max(present, key=levels.index) if present else levels[0]
    return AudienceReportData(
        audience, f"{top} — released to {audience.nation}", mission, reports, overrides
    )
