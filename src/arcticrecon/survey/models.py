"""Reconnaissance findings as plain objects: reports, attachments, site overrides.

These are what planning code receives (it never touches the database): the store turns its
rows into these frozen dataclasses after the releasability policy has filtered them.

Structured fields per report kind are declared in :data:`REPORT_FIELDS` with their type,
unit and valid range; :func:`validate_fields` checks a dict against it. Catalogue facts a
finding may override are declared in :data:`OVERRIDE_FIELDS`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from arcticrecon.catalog.models import Surface
from arcticrecon.errors import InputError, OutOfDomainError
from arcticrecon.survey.marking import Marking

if TYPE_CHECKING:
    from arcticrecon.survey.forms import Survey

__all__ = [
    "OVERRIDE_FIELDS",
    "POSITION_FIELDS",
    "REPORT_FIELDS",
    "SURVEY_KINDS",
    "AttachmentRef",
    "FieldSpec",
    "ReconReport",
    "ReportKind",
    "SiteOverride",
    "finding_ident",
    "form_of_kind",
    "parse_field_value",
    "stored_surveys",
    "survey_ident",
    "validate_fields",
    "validate_override",
]


class ReportKind(enum.StrEnum):
    """What a reconnaissance report describes.

    The ``*_survey`` kinds are structured field surveys: their ``fields`` are the whole
    survey form (:mod:`arcticrecon.survey.forms`, validated against its versioned schema),
    not the free fields of :data:`REPORT_FIELDS`.
    """

    AIRFIELD = "airfield"
    PORT = "port"
    TRAINING_AREA = "training_area"
    ACCOMMODATION = "accommodation"
    LZ_SURVEY = "lz_survey"
    ICE_SURVEY = "ice_survey"
    DZ_SURVEY = "dz_survey"
    HLZ_SURVEY = "hlz_survey"
    PORT_SURVEY = "port_survey"


#: Survey form key (``lz``, ``ice``, ``dz``, ``hlz``, ``port``) to its report kind.
SURVEY_KINDS: dict[str, ReportKind] = {
    "lz": ReportKind.LZ_SURVEY,
    "ice": ReportKind.ICE_SURVEY,
    "dz": ReportKind.DZ_SURVEY,
    "hlz": ReportKind.HLZ_SURVEY,
    "port": ReportKind.PORT_SURVEY,
}


#: Report kind value to its survey form key (the inverse of :data:`SURVEY_KINDS`).
_FORM_OF_KIND: dict[str, str] = {k.value: form for form, k in SURVEY_KINDS.items()}


def form_of_kind(kind: ReportKind | str) -> str | None:
    """Survey form key of a report kind, ``None`` for a free report kind.

    Examples
    --------
    >>> form_of_kind("hlz_survey"), form_of_kind(ReportKind.AIRFIELD)
    ('hlz', None)
    """
    return _FORM_OF_KIND.get(str(kind))


def survey_ident(report_id: str) -> str:
    """Catalogue ident of a surveyed zone that is not in the catalogue: ``SVY-1A2B3C4D``.

    The stored survey report carries it as its ``site``, and planning adds the zone to the
    catalogue under it (:func:`arcticrecon.zones.apply_surveys`).

    Examples
    --------
    >>> survey_ident("1a2b3c4d-0000-4000-8000-000000000000")
    'SVY-1A2B3C4D'
    """
    return "SVY-" + report_id.replace("-", "")[:8].upper()


def finding_ident(report_id: str) -> str:
    """Site ident of a finding filed by position away from every catalogue site.

    Examples
    --------
    >>> finding_ident("1a2b3c4d-0000-4000-8000-000000000000")
    'POS-1A2B3C4D'
    """
    return "POS-" + report_id.replace("-", "")[:8].upper()


@dataclass(frozen=True)
class FieldSpec:
    """Type, unit and range of one structured field.

    Attributes
    ----------
    name : str
        Field name; the unit is in the name (``_m``, ``_l``, ``_km2``).
    type : {"float", "int", "str", "list", "choice"}
    unit : str
        Unit in brackets for documentation, ``""`` for text.
    min_value, max_value : float or None
        Closed valid range for numbers.
    choices : tuple of str
        Allowed values for ``"choice"``.
    doc : str
        What it is, with its source where a standard defines it.
    """

    name: str
    type: str
    unit: str = ""
    min_value: float | None = None
    max_value: float | None = None
    choices: tuple[str, ...] = ()
    doc: str = ""


def _specs(*specs: FieldSpec) -> dict[str, FieldSpec]:
    return {s.name: s for s in specs}


_SURFACES = tuple(s.value for s in Surface)
_HAZARDS = FieldSpec("hazards", "list", doc="Hazards seen (free words, e.g. 'crevasses').")
_ICE = FieldSpec("ice_thickness_m", "float", "[m]", 0.0, 10.0, doc="Measured ice thickness.")
_FUEL_TYPES = FieldSpec("fuel_types", "list", doc="Fuel grades available, e.g. 'JET A-1'.")
_FUEL_STOCK = FieldSpec("fuel_stock_l", "float", "[L]", 0.0, None, doc="Fuel stock seen.")

#: Structured fields each report kind accepts. Runway condition codes are the ICAO Global
#: Reporting Format RWYCC 0-6 (ICAO Annex 14 Vol. I and PANS-Aerodromes Doc 9981).
REPORT_FIELDS: dict[ReportKind, dict[str, FieldSpec]] = {
    ReportKind.AIRFIELD: _specs(
        FieldSpec("runway_ident", "str", doc="Runway measured, e.g. '10/28'."),
        FieldSpec(
            "runway_length_measured_m", "float", "[m]", 0.0, 6000.0, doc="Measured usable length."
        ),
        FieldSpec("runway_width_measured_m", "float", "[m]", 0.0, 100.0, doc="Measured width."),
        FieldSpec("runway_surface", "choice", choices=_SURFACES, doc="Surface class seen."),
        FieldSpec(
            "runway_condition_code", "int", "[RWYCC]", 0, 6, doc="ICAO GRF runway condition code."
        ),
        FieldSpec("runway_condition", "str", doc="Condition in words (snow, ruts, repairs)."),
        _ICE,
        _FUEL_TYPES,
        _FUEL_STOCK,
        _HAZARDS,
    ),
    ReportKind.PORT: _specs(
        FieldSpec("quay_length_m", "float", "[m]", 0.0, 2000.0, doc="Usable quay length."),
        FieldSpec("quay_depth_m", "float", "[m]", 0.0, 50.0, doc="Depth alongside, chart datum."),
        _ICE,
        _FUEL_TYPES,
        _FUEL_STOCK,
        _HAZARDS,
    ),
    ReportKind.TRAINING_AREA: _specs(
        FieldSpec("area_km2", "float", "[km2]", 0.0, 1.0e6, doc="Usable area."),
        FieldSpec("snow_depth_m", "float", "[m]", 0.0, 20.0, doc="Measured snow depth."),
        _ICE,
        _HAZARDS,
    ),
    ReportKind.ACCOMMODATION: _specs(
        FieldSpec("beds", "int", "[beds]", 0, 100000, doc="Beds available."),
        _FUEL_TYPES,
        _FUEL_STOCK,
        _HAZARDS,
    ),
}

#: A finding's own position (WGS 84 decimal degrees), accepted by every free report kind;
#: both or neither. A report without it lies at its site (the catalogue's position).
POSITION_FIELDS: dict[str, FieldSpec] = _specs(
    FieldSpec("lat_deg", "float", "[deg]", -90.0, 90.0, doc="Latitude where it was found."),
    FieldSpec("lon_deg", "float", "[deg]", -180.0, 180.0, doc="Longitude where it was found."),
)

#: Catalogue facts a finding may override, per site (``arcticrecon plan --db`` reads them).
OVERRIDE_FIELDS: dict[str, FieldSpec] = _specs(
    FieldSpec("longest_runway_m", "float", "[m]", 0.0, 6000.0, doc="Longest usable runway."),
    FieldSpec("runway_surface", "choice", choices=_SURFACES, doc="Surface of that runway."),
    FieldSpec("elevation_m", "float", "[m]", -100.0, 4000.0, doc="Elevation above MSL."),
    FieldSpec("closed", "choice", choices=("true", "false"), doc="Site closed to traffic."),
    FieldSpec("beds", "int", "[beds]", 0, 100000, doc="Beds available near the site."),
    FieldSpec("fuel_types", "list", doc="Fuel grades available."),
    FieldSpec("port_depth_m", "float", "[m]", 0.0, 50.0, doc="Depth alongside, chart datum."),
    FieldSpec("quay_length_m", "float", "[m]", 0.0, 2000.0, doc="Usable quay length."),
)


def parse_field_value(spec: FieldSpec, value: Any, *, where: str) -> Any:
    """Convert and range-check one value against its :class:`FieldSpec`.

    Text (from the command line) is parsed: numbers with ``float``/``int``, lists split on
    commas.

    Raises
    ------
    InputError
        If the value has the wrong type or is not a valid choice.
    OutOfDomainError
        If a number is outside ``[min_value, max_value]``.

    Examples
    --------
    >>> parse_field_value(REPORT_FIELDS[ReportKind.PORT]["quay_depth_m"], "7.5", where="x")
    7.5
    """
    name = f"{where}.{spec.name}"
    if spec.type in {"float", "int"}:
        try:
            if isinstance(value, bool):
                raise ValueError
            num = float(value) if spec.type == "float" else int(str(value).strip())
        except (TypeError, ValueError):
            raise InputError(
                f"{name}: {value!r} is not a number {spec.unit}".strip(), field=name, value=value
            ) from None
        if isinstance(num, float) and not math.isfinite(num):
            raise InputError(f"{name}: {value!r} is not a finite number", field=name, value=value)
        lo, hi = spec.min_value, spec.max_value
        if (lo is not None and num < lo) or (hi is not None and num > hi):
            rng = f"[{lo if lo is not None else '-inf'}, {hi if hi is not None else 'inf'}]"
            raise OutOfDomainError(
                f"{name}: {num} {spec.unit} is outside the valid range {rng}; check the unit",
                field=name,
                value=num,
                valid_range=(lo, hi),
            )
        return num
    if spec.type == "list":
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list | tuple) or not all(isinstance(i, str) for i in items):
            raise InputError(f"{name}: {value!r} is not a list of words", field=name, value=value)
        return [i.strip() for i in items if i.strip()]
    if spec.type == "choice":
        text = str(value).strip().lower() if isinstance(value, str | bool) else None
        if text not in spec.choices:
            raise InputError(
                f"{name}: {value!r} is not one of {', '.join(spec.choices)}",
                field=name,
                value=value,
                valid_range=spec.choices,
            )
        return text
    if not isinstance(value, str):
        raise InputError(f"{name}: {value!r} is not text", field=name, value=value)
    return value.strip()


def validate_fields(kind: ReportKind, fields: Mapping[str, Any]) -> dict[str, Any]:
    """Check and convert the structured fields of a report of ``kind``.

    Parameters
    ----------
    kind : ReportKind
    fields : mapping of str to Any
        Field name to value (numbers may be given as text).

    Returns
    -------
    fields : dict
        Converted values, keys sorted.

    Survey kinds (``*_survey``): ``fields`` is the whole survey form, validated against its
    schema (:func:`arcticrecon.survey.forms.validate_form`; positions in decimal degrees)
    and returned as stored (:func:`~arcticrecon.survey.forms.form_payload`).

    Raises
    ------
    InputError
        If a field is unknown for the kind (the message lists the valid names) or a value
        is invalid; :class:`~arcticrecon.errors.OutOfDomainError` for out-of-range numbers.
        For a survey, one line naming the form field (``"hlz survey: ground_slope_deg:
        ..."``).

    Examples
    --------
    >>> validate_fields(ReportKind.ACCOMMODATION, {"beds": "40"})
    {'beds': 40}
    """
    form = form_of_kind(kind)
    if form is not None:
        from arcticrecon.survey.forms import form_payload, validate_form

        return form_payload(validate_form(fields, form=form))
    specs = {**REPORT_FIELDS[ReportKind(kind)], **POSITION_FIELDS}
    out: dict[str, Any] = {}
    for key in sorted(fields):
        spec = specs.get(key)
        if spec is None:
            raise InputError(
                f"field {key!r} is not a {kind.value} field; use one of {', '.join(specs)}",
                field=key,
                value=fields[key],
                valid_range=tuple(specs),
            )
        out[key] = parse_field_value(spec, fields[key], where=kind.value)
    given = [k for k in POSITION_FIELDS if k in out]
    if len(given) == 1:
        other = "lon_deg" if given[0] == "lat_deg" else "lat_deg"
        raise InputError(
            f"field {given[0]!r} given without {other!r}; a position needs both",
            field=other,
            value=None,
        )
    return out


def validate_override(field_name: str, value: Any) -> Any:
    """Check one site-override value against :data:`OVERRIDE_FIELDS`.

    Raises
    ------
    InputError
        If the field is not overridable (lists the valid names) or the value is invalid.

    Examples
    --------
    >>> validate_override("longest_runway_m", "2810")
    2810.0
    """
    spec = OVERRIDE_FIELDS.get(field_name)
    if spec is None:
        raise InputError(
            f"field {field_name!r} cannot be overridden; use one of {', '.join(OVERRIDE_FIELDS)}",
            field="field",
            value=field_name,
            valid_range=tuple(OVERRIDE_FIELDS),
        )
    return parse_field_value(spec, value, where="override")


@dataclass(frozen=True)
class AttachmentRef:
    """A file attached to a report, stored once by content (SHA-256, FIPS 180-4).

    Attributes
    ----------
    sha256 : str
        Hex digest of the content; the storage key.
    filename : str
    media_type : str
    size_bytes : int
        [bytes]
    marking : Marking
        At least as restrictive as the report's (checked on write).
    """

    sha256: str
    filename: str
    media_type: str
    size_bytes: int
    marking: Marking


@dataclass(frozen=True)
class ReconReport:
    """One reconnaissance report as a reader may see it.

    Attributes
    ----------
    id : str
        Stable report id (UUID), the same on every laptop.
    revision_id : str
        SHA-256 of the current revision's content.
    site : str
        ICAO code / catalogue ident.
    kind : ReportKind
    team : str or None
        Team name.
    author_id, author : str
        Original author (person id and name).
    observed_at_utc, edited_at_utc : datetime
        Timezone-aware UTC.
    fields : dict
        Structured fields (see :data:`REPORT_FIELDS`).
    text : str
        Free text.
    marking : Marking
    attachments : tuple of AttachmentRef
        Only those the reader may see.
    conflict : bool
        Two or more offline edits are unresolved (see ``survey conflicts``).
    """

    id: str
    revision_id: str
    site: str
    kind: ReportKind
    team: str | None
    author_id: str
    author: str
    observed_at_utc: dt.datetime
    edited_at_utc: dt.datetime
    fields: dict[str, Any]
    text: str
    marking: Marking
    attachments: tuple[AttachmentRef, ...] = ()
    conflict: bool = False

    @property
    def lat_deg(self) -> float | None:
        """Latitude of the finding's own position [deg], ``None`` if it lies at its site."""
        v = None if self.form is not None else self.fields.get("lat_deg")
        return None if v is None else float(v)

    @property
    def lon_deg(self) -> float | None:
        """Longitude of the finding's own position [deg], ``None`` if it lies at its site."""
        v = None if self.form is not None else self.fields.get("lon_deg")
        return None if v is None else float(v)

    @property
    def form(self) -> str | None:
        """Survey form key (``lz`` ...) of a structured survey, ``None`` for a free report."""
        return form_of_kind(self.kind)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict with ``id``, ``site``, ``text``, ``rel_to``, ``level`` and the rest."""
        return {
            "id": self.id,
            "revision_id": self.revision_id,
            "site": self.site,
            "kind": self.kind.value,
            "form": self.form,
            "team": self.team,
            "author_id": self.author_id,
            "author": self.author,
            "observed_at_utc": self.observed_at_utc.isoformat(),
            "edited_at_utc": self.edited_at_utc.isoformat(),
            "fields": dict(self.fields),
            "text": self.text,
            "level": self.marking.level,
            "rel_to": list(self.marking.rel_to),
            "marking": self.marking.label(),
            "attachments": [
                {
                    "sha256": a.sha256,
                    "filename": a.filename,
                    "media_type": a.media_type,
                    "size_bytes": a.size_bytes,
                    "level": a.marking.level,
                    "rel_to": list(a.marking.rel_to),
                }
                for a in self.attachments
            ],
            "conflict": self.conflict,
        }


@dataclass(frozen=True)
class SiteOverride:
    """A finding that overrides one catalogue fact for readers allowed to see it.

    Attributes
    ----------
    id : str
    site : str
        ICAO code / catalogue ident.
    field : str
        One of :data:`OVERRIDE_FIELDS`.
    value : Any
        Converted value in the field's unit.
    author_id : str
    observed_at_utc : datetime
    marking : Marking
    note : str
    """

    id: str
    site: str
    field: str
    value: Any
    author_id: str
    observed_at_utc: dt.datetime
    marking: Marking
    note: str = ""
    # dataclasses.field: the attribute `field` above shadows the name in the class body
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able dict (marking as ``level`` and ``rel_to``)."""
        return {
            "id": self.id,
            "site": self.site,
            "field": self.field,
            "value": self.value,
            "author_id": self.author_id,
            "observed_at_utc": self.observed_at_utc.isoformat(),
            "level": self.marking.level,
            "rel_to": list(self.marking.rel_to),
            "note": self.note,
        }


def stored_surveys(reports: Iterable[ReconReport]) -> list[tuple[str, Survey, Marking]]:
    """The structured surveys among stored reports, as planning takes them.

    Parameters
    ----------
    reports : iterable of ReconReport
        Reports one reader may see (the store filtered them); free reports are skipped.

    Returns
    -------
    list of (report_id, Survey, Marking)
        For :func:`arcticrecon.zones.apply_surveys`.

    Raises
    ------
    InputError
        If a stored form no longer validates (naming the report and the field).
    """
    from arcticrecon.survey.forms import validate_form

    out: list[tuple[str, Survey, Marking]] = []
    for r in reports:
        if r.form is not None:
            survey = validate_form(r.fields, form=r.form, source=f"stored survey {r.id}")
            out.append((r.id, survey, r.marking))
    return out
