"""Repositories: the only way the interfaces read and write the store (re-exports).

* :class:`MissionRepository` — mission, nations, people, teams, readers
  (:mod:`arcticrecon.store.mission`).
* :class:`ReportRepository` — reconnaissance reports for one reader
  (:mod:`arcticrecon.store.reports`; revisions and blobs in :mod:`arcticrecon.store.revisions`).
* :class:`OverrideRepository` — site overrides for one reader
  (:mod:`arcticrecon.store.overrides`).

This module keeps the public import path ``arcticrecon.store.repositories``.
"""

from arcticrecon.store._shared import local_actor
from arcticrecon.store.mission import (
    PERSON_NAMESPACE,
    MissionRecord,
    MissionRepository,
    PersonRecord,
    TeamRecord,
    person_id_for,
)
from arcticrecon.store.overrides import OverrideRepository
from arcticrecon.store.reports import ConflictView, NewAttachment, ReportRepository
from arcticrecon.store.revisions import (
    REVISION_KEYS,
    refresh_report,
    revision_id,
    store_blob,
    store_revision,
)

__all__ = [
    "PERSON_NAMESPACE",
    "REVISION_KEYS",
    "ConflictView",
    "MissionRecord",
    "MissionRepository",
    "NewAttachment",
    "OverrideRepository",
    "PersonRecord",
    "ReportRepository",
    "TeamRecord",
    "local_actor",
    "person_id_for",
    "refresh_report",
    "revision_id",
    "store_blob",
    "store_revision",
]
