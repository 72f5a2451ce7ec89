"""The mission store: SQLAlchemy 2 models, repositories, Alembic migrations, audit, sync.

SQLite by default (WAL mode), PostgreSQL when ``ARCTICRECON_DATABASE_URL`` points at one;
the schema is migrated on first use. Every read of a marked record goes through
:func:`arcticrecon.survey.policy.can_read` inside the repositories; planning and report
code use the ``load_visible_*`` views, which return plain objects.

Typical use::

    store = open_store("mission.sqlite")
    with store.write() as s:
        MissionRepository(s).init_mission(name="Recon 2026", lead_nation="DNK")
    with store.read() as s:
        reader = MissionRepository(s).reader_for("Maj A. Peeters")
        reports = ReportRepository(s, reader).list(site="BGSF")
"""

from arcticrecon.store import checkpoints
from arcticrecon.store.ais_assessments import VERDICTS, AisAssessment, AisAssessmentRepository
from arcticrecon.store.audit import AuditResult, verify_audit
from arcticrecon.store.db import Store, database_url, make_engine, migrate, open_store
from arcticrecon.store.key_registry import register_key
from arcticrecon.store.keys import key_dir, load_or_create_laptop_key, read_public_key
from arcticrecon.store.repositories import (
    ConflictView,
    MissionRecord,
    MissionRepository,
    NewAttachment,
    OverrideRepository,
    PersonRecord,
    ReportRepository,
    TeamRecord,
    person_id_for,
)
from arcticrecon.store.sync import ExportSummary, ImportSummary, export_bundle, import_bundle
from arcticrecon.store.views import (
    AudienceReportData,
    audience_report_data,
    load_reader,
    load_visible_reports,
    load_visible_site_override_records,
    load_visible_site_overrides,
)

__all__ = [
    "VERDICTS",
    "AisAssessment",
    "AisAssessmentRepository",
    "AudienceReportData",
    "AuditResult",
    "ConflictView",
    "ExportSummary",
    "ImportSummary",
    "MissionRecord",
    "MissionRepository",
    "NewAttachment",
    "OverrideRepository",
    "PersonRecord",
    "ReportRepository",
    "Store",
    "TeamRecord",
    "audience_report_data",
    "checkpoints",
    "database_url",
    "export_bundle",
    "import_bundle",
    "key_dir",
    "load_or_create_laptop_key",
    "load_reader",
    "load_visible_reports",
    "load_visible_site_override_records",
    "load_visible_site_overrides",
    "make_engine",
    "migrate",
    "open_store",
    "person_id_for",
    "read_public_key",
    "register_key",
    "verify_audit",
]
