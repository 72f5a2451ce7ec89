"""Reconnaissance findings and their markings: reports, site overrides, the policy.

Plain objects only (no database): :mod:`arcticrecon.store` stores them and filters every
read through :func:`can_read`.
"""

from typing import TYPE_CHECKING

from arcticrecon._lazy import attach

if TYPE_CHECKING:  # the lazy names below, for type checkers and readers
    from arcticrecon.survey.marking import (
        DEFAULT_LEVELS,
        DocumentMarking,
        Marking,
        Reader,
        document_marking,
        high_water_mark,
        normalise_level,
        normalise_levels,
        normalise_rel_to,
    )
    from arcticrecon.survey.models import (
        OVERRIDE_FIELDS,
        REPORT_FIELDS,
        SURVEY_KINDS,
        AttachmentRef,
        FieldSpec,
        ReconReport,
        ReportKind,
        SiteOverride,
        form_of_kind,
        parse_field_value,
        survey_ident,
        validate_fields,
        validate_override,
    )
    from arcticrecon.survey.overrides import CATALOG_OVERRIDE_FIELDS, apply_site_overrides
    from arcticrecon.survey.policy import can_read, filter_visible, require_read, writer_marking

__all__ = [
    "CATALOG_OVERRIDE_FIELDS",
    "DEFAULT_LEVELS",
    "OVERRIDE_FIELDS",
    "REPORT_FIELDS",
    "SURVEY_KINDS",
    "AttachmentRef",
    "DocumentMarking",
    "FieldSpec",
    "Marking",
    "Reader",
    "ReconReport",
    "ReportKind",
    "SiteOverride",
    "apply_site_overrides",
    "can_read",
    "document_marking",
    "filter_visible",
    "form_of_kind",
    "high_water_mark",
    "normalise_level",
    "normalise_levels",
    "normalise_rel_to",
    "parse_field_value",
    "require_read",
    "survey_ident",
    "validate_fields",
    "validate_override",
    "writer_marking",
]

__getattr__, __dir__ = attach(
    __name__,
    {
        "arcticrecon.survey.marking": [
            "DEFAULT_LEVELS",
            "DocumentMarking",
            "Marking",
            "Reader",
            "document_marking",
            "high_water_mark",
            "normalise_level",
            "normalise_levels",
            "normalise_rel_to",
        ],
        "arcticrecon.survey.models": [
            "OVERRIDE_FIELDS",
            "REPORT_FIELDS",
            "SURVEY_KINDS",
            "AttachmentRef",
            "FieldSpec",
            "ReconReport",
            "ReportKind",
            "SiteOverride",
            "form_of_kind",
            "parse_field_value",
            "survey_ident",
            "validate_fields",
            "validate_override",
        ],
        "arcticrecon.survey.overrides": ["CATALOG_OVERRIDE_FIELDS", "apply_site_overrides"],
        "arcticrecon.survey.policy": [
            "can_read",
            "filter_visible",
            "require_read",
            "writer_marking",
        ],
    },
)
