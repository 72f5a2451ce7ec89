"""Reconnaissance reports and their attachments (``/api/surveys``), through the policy view.

Structured field surveys: ``GET /api/survey-forms`` (the forms' JSON Schemas),
``POST /api/surveys/forms`` (file one; the same reading and geometry checks as
``arcticrecon survey add FILE``, errors name the field), ``GET /api/surveys/{id}/sheet``
(the printable, marked sheet: HTML, or PDF with ``?format=pdf``).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Response, UploadFile, status
from fastapi.responses import HTMLResponse

from arcticrecon.errors import InputError
from arcticrecon.store import NewAttachment
from arcticrecon.survey import ReconReport, ReportKind
from arcticrecon.web.deps import StateDep, ViewDep, policy
from arcticrecon.web.schemas import (
    LayerCollection,
    ReportPublic,
    StructuredSurveyCreate,
    SurveyCreate,
    WriteReceipt,
)
from arcticrecon.web.state import AppState

__all__ = ["INLINE_MEDIA", "NEAR_SITE_M", "report_public", "router"]

router = APIRouter(prefix="/api", tags=["surveys"], dependencies=[Depends(policy)])

#: A finding filed by position belongs to a catalogue site only within this distance [m].
NEAR_SITE_M = 5_000.0

#: Media types served inline (photos); anything else is downloaded as a file.
INLINE_MEDIA = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})


def report_public(r: ReconReport) -> dict[str, Any]:
    """A report as the API returns it: attachments carry their download URL."""
    d = r.to_dict()
    for a in d["attachments"]:
        a["url"] = f"/api/surveys/{r.id}/attachments/{a['sha256']}"
    return d


@router.get("/surveys", response_model=list[ReportPublic])
def list_surveys(
    view: ViewDep,
    site: Annotated[str | None, Query(max_length=16)] = None,
    kind: ReportKind | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> list[dict[str, Any]]:
    """Reconnaissance reports released to the reader (optionally filtered)."""
    return [
        report_public(r)
        for r in view.reports(site=site, kind=kind.value if kind else None, query=q)
    ]


def _written(report_id: str, rep: ReconReport | None, body: dict[str, Any]) -> dict[str, Any]:
    """The report as the writer may read it, else only a receipt (no content)."""
    if rep is not None:
        return report_public(rep)
    return {"id": report_id, "visible_to_you": False, **body}


@router.post(
    "/surveys", status_code=status.HTTP_201_CREATED, response_model=ReportPublic | WriteReceipt
)
def create_survey(view: ViewDep, st: StateDep, body: SurveyCreate) -> dict[str, Any]:
    """File a report as the logged-in user (marking defaults: lowest level, all nations).

    With ``lat_deg``/``lon_deg`` the finding keeps that position (stored with it, drawn
    there); its site is the one named if that lies within :data:`NEAR_SITE_M` of it, else
    the nearest catalogue site within that distance, else none (a position-only finding).

    A level above the user's clearance is refused (422, as in the CLI); the user's nation
    is always added to REL TO. Should the report still be hidden from the writer, the
    answer is a receipt (id, site, kind, marking) without the content.
    """
    site, fields = _placed(st, body)
    rid, rep = view.add_report(
        site=site,
        kind=body.kind.value,
        text=body.text,
        fields=fields,
        level=body.level,
        rel_to=body.rel_to,
        observed_at_utc=body.observed_at_utc,
        team=body.team,
    )
    return _written(
        rid,
        rep,
        {
            "site": rep.site if rep is not None else (site or "").strip().upper(),
            "kind": body.kind.value,
            "level": body.level,
            "rel_to": body.rel_to,
        },
    )


def _placed(st: AppState, body: SurveyCreate) -> tuple[str | None, dict[str, Any]]:
    """The site and fields a report is stored with: its position joins the fields.

    Raises
    ------
    InputError
        Half a position, neither site nor position, or a named site farther than
        :data:`NEAR_SITE_M` from the position (one line naming the site and distance).
    """
    fields = dict(body.fields)
    if (body.lat_deg is None) != (body.lon_deg is None):
        missing = "lat_deg" if body.lat_deg is None else "lon_deg"
        raise InputError(f"{missing} is missing; a position needs both", field=missing)
    site = body.site.strip() if body.site and body.site.strip() else None
    if body.lat_deg is None or body.lon_deg is None:
        if site is None:
            raise InputError("give a site or a position (lat_deg, lon_deg)", field="site")
        return site, fields
    import numpy as np

    from arcticrecon.geo import geodesic_distance_m

    sites = list(st.catalog)
    d_m = np.asarray(
        geodesic_distance_m(
            lat1_deg=np.full(len(sites), body.lat_deg),
            lon1_deg=np.full(len(sites), body.lon_deg),
            lat2_deg=np.array([s.lat_deg for s in sites]),
            lon2_deg=np.array([s.lon_deg for s in sites]),
        )
    )
    fields["lat_deg"], fields["lon_deg"] = body.lat_deg, body.lon_deg
    if site is not None:
        named = st.catalog.get(site)
        far = float(d_m[next(i for i, s in enumerate(sites) if s is named)])
        if far > NEAR_SITE_M:
            raise InputError(
                f"site={named.icao} is {far / 1000:.1f} km from the position "
                f"{body.lat_deg:.5f}, {body.lon_deg:.5f} (more than {NEAR_SITE_M / 1000:g} km): "
                "leave the site empty to file the finding at the position",
                field="site",
                value=site,
            )
        return named.icao, fields
    i = int(np.argmin(d_m))
    return (sites[i].icao if float(d_m[i]) <= NEAR_SITE_M else None), fields


@router.get("/survey-forms")
def survey_forms() -> dict[str, Any]:
    """The structured survey forms: key, title, schema version and JSON Schema of each.

    Positions (``position``, ``corners``, ...) may also be sent as text: decimal degrees,
    degrees-minutes-seconds or MGRS.
    """
    from arcticrecon.survey.forms import FORM_TITLES, FORMS, SCHEMA_VERSIONS

    return {
        "forms": [
            {
                "form": key,
                "title": FORM_TITLES[key],
                "schema_version": SCHEMA_VERSIONS[key],
                "schema": model.model_json_schema(),
            }
            for key, model in FORMS.items()
        ]
    }


@router.post(
    "/surveys/forms",
    status_code=status.HTTP_201_CREATED,
    response_model=ReportPublic | WriteReceipt,
)
def create_structured_survey(view: ViewDep, body: StructuredSurveyCreate) -> dict[str, Any]:
    """File a structured field survey as the logged-in user.

    The form is read as ``arcticrecon survey add FILE`` reads a sheet (text positions,
    geometry checked), then stored through the policy view (marking rules of every report).
    A bad form is answered 422 with ``field`` = the form field's path and one-line
    ``detail``; nothing is stored.
    """
    from arcticrecon.survey.forms import form_payload
    from arcticrecon.zones import read_survey

    survey = read_survey(body.form)
    rid, rep = view.add_survey(form_payload(survey), level=body.level, rel_to=body.rel_to)
    return _written(
        rid,
        rep,
        {"form": survey.form, "name": survey.name, "level": body.level, "rel_to": body.rel_to},
    )


@router.get(
    "/surveys/{report_id}/sheet",
    response_class=HTMLResponse,
    responses={200: {"content": {"text/html": {}, "application/pdf": {}}}},
)
def survey_sheet(
    view: ViewDep,
    report_id: str,
    format: Annotated[str, Query(pattern="^(html|pdf)$")] = "html",
) -> Response:
    """The printable sheet of a visible structured survey, marked with its classification.

    404 for a report that does not exist, is not released to the reader, or is a free
    report (no sheet).
    """
    from arcticrecon.errors import NotFoundError
    from arcticrecon.report.survey_sheet import SheetMeta, render_survey_sheet, sheet_file_stem
    from arcticrecon.survey.forms import validate_form
    from arcticrecon.zones import assess

    rep = view.report(report_id)
    if rep.form is None:
        raise NotFoundError(
            f"report {rep.id} is a {rep.kind.value} report, not a structured survey: no sheet",
            field="report",
            value=rep.id,
        )
    survey = validate_form(rep.fields, form=rep.form, source=f"stored survey {rep.id}")
    meta = SheetMeta(rep.id, rep.revision_id, rep.author, rep.edited_at_utc)
    page = render_survey_sheet(survey, assess(survey), rep.marking, meta=meta)
    headers = {"Cache-Control": "private, no-store"}
    if format == "pdf":
        import tempfile
        from pathlib import Path

        from arcticrecon.report.pdf import write_pdf

        with tempfile.TemporaryDirectory() as tmp:
            content = write_pdf(page, Path(tmp) / "sheet.pdf").read_bytes()
        name = sheet_file_stem(survey, rep.id) + ".pdf"
        headers["Content-Disposition"] = f'attachment; filename="{name}"'
        return Response(content, media_type="application/pdf", headers=headers)
    return HTMLResponse(page, headers=headers)


@router.get(
    "/map/surveys",
    response_model=LayerCollection,
    response_class=Response,
    responses={200: {"content": {"application/geo+json": {}}}},
)
def layer_surveys(view: ViewDep) -> Response:
    """Map layer: the reader's visible structured surveys (registry id ``surveys``)."""
    import json

    from arcticrecon.web import maplayers

    body = json.dumps(maplayers.surveys_geojson(view), separators=(",", ":"))
    return Response(body, media_type="application/geo+json")


@router.get("/surveys/{report_id}", response_model=ReportPublic)
def get_survey(view: ViewDep, report_id: str) -> dict[str, Any]:
    """One report (404 if it does not exist or is not released to the reader)."""
    return report_public(view.report(report_id))


@router.post(
    "/surveys/{report_id}/attachments",
    status_code=status.HTTP_201_CREATED,
    response_model=ReportPublic | WriteReceipt,
)
async def attach_photo(
    view: ViewDep,
    st: StateDep,
    report_id: str,
    file: Annotated[UploadFile, File(description="photo or document")],
    level: Annotated[str | None, Form(max_length=50)] = None,
    rel_to: Annotated[list[str] | None, Form()] = None,
    csrf_token: Annotated[str | None, Form(max_length=200)] = None,
) -> dict[str, Any]:
    """Attach a photo to a visible report (its marking at least as strict as the report's)."""
    limit = st.settings.max_upload_bytes
    content = await file.read(limit + 1)
    if len(content) > limit:
        raise InputError(
            f"file is larger than {limit} bytes; send a smaller photo",
            field="file",
            valid_range=(1, limit),
        )
    if not content:
        raise InputError("file is empty; choose a photo", field="file")
    media = (file.content_type or "application/octet-stream").split(";")[0].strip().lower()
    name = (file.filename or "attachment").replace("/", "_").replace("\\", "_")[:200]
    att = NewAttachment(
        filename=name,
        content=content,
        media_type=media,
        level=level,
        rel_to=tuple(rel_to) if rel_to else None,
    )
    rid, rep = view.attach(report_id, att)
    return _written(rid, rep, {"attachment": name, "level": level, "rel_to": rel_to})


@router.get(
    "/surveys/{report_id}/attachments/{sha256}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}},
)
def get_attachment(view: ViewDep, report_id: str, sha256: str) -> Response:
    """Download an attachment (photos inline, other types as a file)."""
    content, media, filename = view.attachment(report_id, sha256)
    inline = media in INLINE_MEDIA
    safe = "".join(c for c in filename if c.isalnum() or c in "._- ")[:100] or "attachment"
    return Response(
        content,
        media_type=media if inline else "application/octet-stream",
        headers={
            "Content-Disposition": f'{"inline" if inline else "attachment"}; filename="{safe}"',
            "Cache-Control": "private, no-store",
        },
    )
