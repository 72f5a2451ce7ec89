"""The JSON API. Thin: parse, call the policy view or a science function, format.

Every route of :data:`router` depends on :func:`arcticrecon.web.policy.policy`; only
:data:`public_router` (health and login) does not. Units are in the field names.
"""

from __future__ import annotations

import datetime as dt
import enum
import secrets
from functools import lru_cache
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile, status
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from arcticrecon.catalog import Site
from arcticrecon.errors import InputError, NotFoundError
from arcticrecon.store import NewAttachment
from arcticrecon.survey import ReconReport, ReportKind
from arcticrecon.web.mapdata import base_map, project_m
from arcticrecon.web.policy import SESSION_COOKIE, PolicyView, policy, require_admin
from arcticrecon.web.runs import RunStatus, opportunity_records
from arcticrecon.web.security import hash_password, password_fingerprint, verify_password
from arcticrecon.web.users import user_by_name

__all__ = ["public_router", "router"]

public_router = APIRouter(prefix="/api", tags=["public"])
router = APIRouter(prefix="/api", dependencies=[Depends(policy)])

View = Annotated[PolicyView, Depends(policy)]
#: Longest light request [days] (one year and a leap day).
MAX_LIGHT_DAYS = 366
#: Plan runs queued or running at once (one worker thread; more requests get HTTP 429).
MAX_PENDING_RUNS = 4
#: Media types served inline (photos); anything else is downloaded as a file.
INLINE_MEDIA = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})


def _state(request: Request) -> Any:
    return request.app.state.arx


# ---------------------------------------------------------------------------------------
# schemas
# ---------------------------------------------------------------------------------------


class LoginRequest(BaseModel):
    """User name and password."""

    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=1000)


class UserPublic(BaseModel):
    """The logged-in user (nation and clearance decide what they see)."""

    username: str
    name: str
    rank: str
    nation: str
    clearance: str
    is_admin: bool
    levels: list[str]


class LoginResponse(BaseModel):
    """A bearer token (also set as the session cookie) and the session's CSRF token."""

    token: str
    token_type: str = "bearer"
    csrf_token: str
    expires_in_s: float
    user: UserPublic


class RunwayPublic(BaseModel):
    """A runway as the catalogue lists it (metres)."""

    ident: str
    length_m: float | None
    width_m: float | None
    surface: str
    closed: bool
    helipad: bool
    landing_distance_available_m: float | None


class SitePublic(BaseModel):
    """A catalogue site with the overrides the reader may see applied.

    ``overrides`` holds the visible findings (field -> value); ``catalogue`` the original
    values of fields an override replaced.
    """

    icao: str
    name: str
    kind: str
    lat_deg: float
    lon_deg: float
    x_m: float = Field(description="EPSG:3413 easting [m]")
    y_m: float = Field(description="EPSG:3413 northing [m]")
    elevation_m: float | None
    tz: str
    iata: str | None
    municipality: str | None
    longest_runway_m: float | None
    closed: bool
    overrides: dict[str, Any]
    catalogue: dict[str, Any]
    n_reports: int


class SiteDetail(SitePublic):
    """A site with runways, visible overrides (with markings) and visible reports."""

    runways: list[RunwayPublic]
    override_records: list[dict[str, Any]]
    reports: list[dict[str, Any]]


class SurveyCreate(BaseModel):
    """A new reconnaissance report (structured fields per kind, units in the names)."""

    model_config = ConfigDict(extra="forbid")
    site: str = Field(min_length=1, max_length=16, description="ICAO code, e.g. BGSF")
    kind: ReportKind
    text: str = Field(default="", max_length=20_000)
    fields: dict[str, Any] = Field(default_factory=dict)
    level: str | None = Field(default=None, max_length=50, description="default: lowest")
    rel_to: list[str] | None = Field(default=None, max_length=60, description="default: all")
    observed_at_utc: AwareDatetime | None = None
    team: str | None = Field(default=None, max_length=200)


class PlanRunCreate(BaseModel):
    """Start a ranking: the server's mission (or one given as TOML), one or all exercises."""

    model_config = ConfigDict(extra="forbid")
    exercise: str | None = Field(default=None, max_length=200)
    mission_toml: str | None = Field(default=None, max_length=200_000)


class OpportunitySort(enum.StrEnum):
    """Sort keys of the opportunities listing."""

    rank = "rank"
    score = "score"
    icao = "icao"
    window_start = "window_start"


# ---------------------------------------------------------------------------------------
# public: health and login
# ---------------------------------------------------------------------------------------


@public_router.get("/health")
def health() -> dict[str, str]:
    """Liveness check (no data)."""
    return {"status": "ok"}


def _client_key(request: Request) -> str:
    return f"ip:{request.client.host if request.client else 'unknown'}"


def login_user(request: Request, username: str, password: str) -> tuple[Any, str, Any]:
    """Check credentials with the rate limiter; return (user, token, claims).

    Raises
    ------
    fastapi.HTTPException
        429 when rate-limited, 401 for a wrong name or password (same message).
    """
    from fastapi import HTTPException

    st = _state(request)
    keys = (_client_key(request), f"user:{username.strip().casefold()}")
    wait = st.limiter.retry_after_s(*keys)
    if wait > 0:
        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail=f"too many failed logins; try again in {int(wait) + 1} s",
            headers={"Retry-After": str(int(wait) + 1)},
        )
    with st.store.read() as s:
        user = user_by_name(s, username)
    ok = verify_password(user.password_hash if user else _dummy_hash(), password)
    if user is None or not ok:
        st.limiter.record_failure(*keys)
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail="wrong user name or password")
    st.limiter.reset(keys[1])
    token, claims = st.signer.issue(user.id, password_fingerprint(user.password_hash))
    return user, token, claims


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    """Set the HttpOnly, SameSite=Strict session cookie."""
    st = _state(request)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(st.settings.session_hours * 3600),
        httponly=True,
        samesite="strict",
        secure=st.settings.cookie_secure,
        path="/",
    )


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A real Argon2 hash to verify against for unknown users (same time as a real check)."""
    return hash_password(secrets.token_urlsafe(16))


@public_router.post(
    "/auth/login",
    response_model=LoginResponse,
    responses={401: {"description": "wrong credentials"}, 429: {"description": "rate-limited"}},
)
def login(body: LoginRequest, request: Request, response: Response) -> LoginResponse:
    """Log in: a bearer token for API clients, and the session cookie for the page."""
    user, token, claims = login_user(request, body.username, body.password)
    set_session_cookie(response, request, token)
    st = _state(request)
    return LoginResponse(
        token=token,
        csrf_token=claims.csrf_token,
        expires_in_s=st.settings.session_hours * 3600.0,
        user=UserPublic(**user.public()),
    )


# ---------------------------------------------------------------------------------------
# session
# ---------------------------------------------------------------------------------------


@router.post("/auth/logout", status_code=status.HTTP_204_NO_CONTENT)
def logout(view: View) -> Response:
    """End this session (token and cookie stop working)."""
    view.logout()
    resp = Response(status_code=status.HTTP_204_NO_CONTENT)
    resp.delete_cookie(SESSION_COOKIE, path="/")
    return resp


@router.get("/me", response_model=UserPublic)
def me(view: View) -> UserPublic:
    """Who is logged in, with nation and clearance."""
    return UserPublic(**view.user.public())


@router.get("/mission")
def mission(view: View, request: Request) -> dict[str, Any]:
    """The stored mission and the exercises of the planning mission file."""
    st = _state(request)
    out = view.mission()
    m = st.mission
    out["exercises"] = (
        []
        if m is None
        else [
            {
                "name": e.name,
                "kind": e.kind,
                "personnel": e.personnel,
                "season_from": e.season.from_,
                "season_to": e.season.to,
            }
            for e in m.exercise
        ]
    )
    out["hubs"] = [] if m is None else list(m.mission.hubs)
    out["tile_url"] = st.settings.tile_url
    return out


@router.get("/map/base")
def map_base(view: View) -> dict[str, Any]:
    """Coastline and graticule in EPSG:3413 metres (draw as SVG; no tiles)."""
    return base_map()


# ---------------------------------------------------------------------------------------
# sites, light, cold
# ---------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def _site_xy_m(lat_deg: float, lon_deg: float) -> tuple[float, float]:
    x, y = project_m(lat_deg=lat_deg, lon_deg=lon_deg)
    return float(x[0]), float(y[0])


def _site_record(site: Site, overrides: dict[str, Any], n_reports: int) -> dict[str, Any]:
    x_m, y_m = _site_xy_m(site.lat_deg, site.lon_deg)
    longest = site.longest_runway_m
    rec: dict[str, Any] = {
        "icao": site.icao,
        "name": site.name,
        "kind": site.kind.value,
        "lat_deg": site.lat_deg,
        "lon_deg": site.lon_deg,
        "x_m": x_m,
        "y_m": y_m,
        "elevation_m": site.elevation_m,
        "tz": site.tz,
        "iata": site.iata or None,
        "municipality": site.municipality or None,
        "longest_runway_m": None if longest is None else round(longest, 1),
        "closed": not site.is_open,
        "overrides": dict(overrides),
        "catalogue": {},
        "n_reports": n_reports,
    }
    for field_name in ("longest_runway_m", "elevation_m", "closed"):
        if field_name in overrides:
            rec["catalogue"][field_name] = rec[field_name]
            value = overrides[field_name]
            rec[field_name] = (str(value).lower() == "true") if field_name == "closed" else value
    return rec


def _site(request: Request, icao: str) -> Site:
    return _state(request).catalog.get(icao)  # type: ignore[no-any-return]


@router.get("/sites", response_model=list[SitePublic])
def sites(
    view: View,
    request: Request,
    kind: Annotated[list[str] | None, Query(max_length=10)] = None,
) -> list[dict[str, Any]]:
    """All catalogue sites, with the overrides released to the reader applied."""
    st = _state(request)
    eff = view.effective_overrides()
    counts = view.report_counts()
    kinds = {k.lower() for k in kind} if kind else None
    return [
        _site_record(s, eff.get(s.icao, {}), counts.get(s.icao, 0))
        for s in st.catalog
        if kinds is None or s.kind.value in kinds
    ]


@router.get("/sites/{icao}", response_model=SiteDetail)
def site_detail(view: View, request: Request, icao: str) -> dict[str, Any]:
    """One site: runways, visible overrides with their markings, visible reports."""
    site = _site(request, icao)
    records = view.overrides(site=site.icao)
    reports = view.reports(site=site.icao)
    eff: dict[str, Any] = {}
    for o in records:
        eff[o.field] = o.value
    rec = _site_record(site, eff, len(reports))
    rec["runways"] = site.to_dict()["runways"]
    rec["override_records"] = [o.to_dict() for o in records]
    rec["reports"] = [_report_public(r) for r in reports]
    return rec


def _date(value: str | None, default: dt.date, name: str) -> dt.date:
    if value is None:
        return default
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{name}={value!r} is not a date; give YYYY-MM-DD", field=name, value=value
        ) from None


def _iso(t: Any) -> str | None:
    import pandas as pd

    if t is None or pd.isna(t):
        return None
    return pd.Timestamp(t).tz_localize("UTC").strftime("%Y-%m-%dT%H:%M:%SZ")


def _local(t: Any, tz: str) -> str | None:
    import pandas as pd

    if t is None or pd.isna(t):
        return None
    return pd.Timestamp(t).tz_localize("UTC").tz_convert(tz).strftime("%H:%M")


@router.get("/sites/{icao}/light")
def site_light(
    view: View,
    request: Request,
    icao: str,
    start: Annotated[
        str | None, Query(description="first day YYYY-MM-DD (site-local calendar)")
    ] = None,
    end: Annotated[
        str | None, Query(description="last day YYYY-MM-DD, at most 366 days on")
    ] = None,
) -> dict[str, Any]:
    """Daily sun events at a site: UTC times, local clock times and light durations [h]."""
    from arcticrecon import light

    site = _site(request, icao)
    today = dt.datetime.now(dt.UTC).date()
    d0 = _date(start, today, "start")
    d1 = _date(end, d0 + dt.timedelta(days=30), "end")
    if d1 < d0:
        raise InputError(
            f"end {d1} is before start {d0}; give end >= start", field="end", value=str(d1)
        )
    if (d1 - d0).days + 1 > MAX_LIGHT_DAYS:
        raise InputError(
            f"{(d1 - d0).days + 1} days requested; at most {MAX_LIGHT_DAYS} per request",
            field="end",
            value=str(d1),
            valid_range=(1, MAX_LIGHT_DAYS),
        )
    ds = light.sun_events(
        site.lat_deg, site.lon_deg, d0, d1, elevation_m=site.elevation_m or 0.0, tz=site.tz
    ).isel(location=0)
    events = ("bmnt", "bmct", "sunrise", "solar_noon", "sunset", "eect", "eent")
    days = []
    for i, day in enumerate(ds["day"].values):
        rec: dict[str, Any] = {"date": str(day)[:10]}
        for ev in events:
            t = ds[ev].values[i]
            rec[f"{ev}_utc"] = _iso(t)
            rec[f"{ev}_local"] = _local(t, site.tz)
        for v in ("daylight_s", "civil_light_s", "nautical_light_s"):
            rec[v.replace("_s", "_h")] = round(float(ds[v].values[i]) / 3600.0, 3)
        for v in ("day_state", "civil_state", "nautical_state"):
            rec[v] = str(ds[v].values[i])
        days.append(rec)
    return {
        "icao": site.icao,
        "tz": site.tz,
        "start": d0,
        "end": d1,
        "method": "Sun centre at -0.833° (sunrise/sunset, USNO), -6° civil, -12° nautical",
        "days": days,
    }


@router.get("/sites/{icao}/cold")
def site_cold(
    view: View,
    request: Request,
    icao: str,
    wind_kmh: Annotated[
        list[float] | None, Query(max_length=6, description="design winds at 10 m [km/h]")
    ] = None,
    exposure_h: Annotated[
        float, Query(ge=0.0, le=24.0, description="time outdoors per day [h]")
    ] = 4.0,
) -> dict[str, Any]:
    """Monthly cold table: wind chill (JAG/TI 2001) at the site's monthly temperature.

    The temperature is the nearest station's mean daily minimum where known, else the
    monthly mean (station, else ERA5); winds are design scenarios, not a climatology.
    """
    from arcticrecon.climate import site_climate
    from arcticrecon.cold import (
        DEFAULT_WIND_SCENARIOS_KMH,
        FROSTBITE_BANDS,
        RISK_CLASSES,
        cold_injury_risk_class,
        wind_chill,
    )

    site = _site(request, icao)
    winds = list(wind_kmh) if wind_kmh else list(DEFAULT_WIND_SCENARIOS_KMH)
    for w in winds:
        if not 0.0 <= w <= 200.0:
            raise InputError(
                f"wind_kmh={w:g} is outside 0..200 km/h",
                field="wind_kmh",
                value=w,
                valid_range=(0.0, 200.0),
            )
    clim = site_climate(lat_deg=site.lat_deg, lon_deg=site.lon_deg, elevation_m=site.elevation_m)
    months = []
    for r in clim["rows"]:
        mean = r["station_mean_degC"] if r["station_mean_degC"] is not None else r["era5_t2m_degC"]
        tmin = r["station_mean_daily_min_degC"]
        basis = tmin if tmin is not None else mean
        res = wind_chill([basis] * len(winds), winds)
        months.append(
            {
                "month": r["month"],
                "t2m_degC": basis,
                "basis": "station mean daily minimum"
                if tmin is not None
                else (
                    "station monthly mean"
                    if r["station_mean_degC"] is not None
                    else "ERA5 monthly mean"
                ),
                "era5_t2m_degC": r["era5_t2m_degC"],
                "station_mean_degC": r["station_mean_degC"],
                "winds": [
                    {
                        "wind_kmh": w,
                        # outside the index domain the engine reports the air temperature
                        # and ``applicable`` says so (never a warmer "feels like")
                        "wind_chill_degC": round(float(v), 1),
                        "applicable": bool(ok),
                        "frostbite_label": FROSTBITE_BANDS[int(b)].label,
                    }
                    for w, v, ok, b in zip(
                        winds, res.wind_chill_degC, res.applicable, res.frostbite_band, strict=True
                    )
                ],
                "risk_label": RISK_CLASSES[
                    int(cold_injury_risk_class(res.wind_chill_degC.min(), exposure_h))
                ],
            }
        )
    return {
        "icao": site.icao,
        "station": clim["station"],
        "wind_kmh": winds,
        "exposure_h": exposure_h,
        "months": months,
        "source": "Wind chill: JAG/TI 2001 (ECCC/NWS); winds are design scenarios at 10 m, "
        "not a climatology. " + " · ".join(clim["sources"]),
    }


# ---------------------------------------------------------------------------------------
# plan runs and opportunities
# ---------------------------------------------------------------------------------------


@router.post("/plan-runs", status_code=status.HTTP_202_ACCEPTED)
def start_plan_run(view: View, request: Request, body: PlanRunCreate) -> dict[str, Any]:
    """Start ranking the mission's exercises (or one) in the background; poll its progress.

    The ranking uses the catalogue corrected by the findings released to the caller, and
    the run is visible to readers of the caller's nation at or above their clearance.
    """
    import tomllib

    from arcticrecon.mission import mission_from_dict
    from arcticrecon.planner import make_plan, opportunities_frame

    st = _state(request)
    if body.mission_toml is not None:
        try:
            data = tomllib.loads(body.mission_toml)
        except tomllib.TOMLDecodeError as err:
            raise InputError(
                f"mission_toml is not valid TOML: {err}", field="mission_toml"
            ) from None
        m = mission_from_dict(data, source="mission_toml")
    elif st.mission is not None:
        m = st.mission
    else:
        raise InputError(
            "no mission to rank: the server has no mission file (serve --mission FILE) and "
            "the request gave no mission_toml",
            field="mission_toml",
        )
    if body.exercise is not None:
        chosen = [e for e in m.exercise if e.name == body.exercise]
        if not chosen:
            raise NotFoundError(
                f"exercise {body.exercise!r} is not in mission {m.mission.name!r}; choose one "
                f"of {', '.join(e.name for e in m.exercise)}",
                field="exercise",
                value=body.exercise,
                valid_range=tuple(e.name for e in m.exercise),
            )
        m = m.model_copy(update={"exercise": chosen})
    if st.runs.pending() >= MAX_PENDING_RUNS:
        from fastapi import HTTPException

        raise HTTPException(
            status.HTTP_429_TOO_MANY_REQUESTS,
            detail=f"{MAX_PENDING_RUNS} plan runs are already waiting; try again when one is done",
            headers={"Retry-After": "30"},
        )
    from arcticrecon.survey import apply_site_overrides

    # the reader's visible findings correct the catalogue; the run is marked for the
    # reader's nation and clearance, so everyone who may read it may read those findings
    catalog, _extra = apply_site_overrides(st.catalog, view.effective_overrides())

    def job(progress: Any) -> Any:
        return opportunities_frame(make_plan(m, catalog, progress=progress))

    run = st.runs.start(
        job,
        mission_name=m.mission.name,
        exercises=[e.name for e in m.exercise],
        level=view.user.clearance,
        rel_to=(view.user.nation,),
        started_by=view.user.username,
    )
    return run.summary()


@router.get("/plan-runs")
def list_plan_runs(view: View) -> list[dict[str, Any]]:
    """Plan runs the reader may see, newest first."""
    return [r.summary() for r in view.runs()]


@router.get("/plan-runs/{run_id}")
def get_plan_run(view: View, run_id: str) -> dict[str, Any]:
    """Status and progress (0..1) of a run."""
    return view.run(run_id).summary()


def _opportunities(
    view: PolicyView,
    run_id: str | None,
    exercise: str | None,
    icao: str | None,
    feasible_only: bool,
    sort: OpportunitySort,
    descending: bool,
    limit: int,
    offset: int,
) -> dict[str, Any]:
    if run_id is None:
        done = [r for r in view.runs() if r.status is RunStatus.DONE]
        if not done:
            raise NotFoundError(
                "no finished plan run yet; start one with POST /api/plan-runs", field="run_id"
            )
        run = done[0]
    else:
        run = view.run(run_id)
    if run.status is not RunStatus.DONE or run.opportunities is None:
        raise NotFoundError(
            f"plan run {run.id} is {run.status.value} ({run.progress:.0%}); results appear when done",
            field="run_id",
            value=run.id,
        )
    df = run.opportunities
    if exercise is not None:
        df = df[df["exercise"] == exercise]
    if icao is not None:
        df = df[df["icao"] == icao.strip().upper()]
    if feasible_only:
        df = df[df["feasible"]]
    df = df.sort_values([sort.value, "exercise"], ascending=not descending, kind="stable")
    total = len(df)
    page = df.iloc[offset : offset + limit]
    return {
        "run_id": run.id,
        "exercises": list(run.exercises),
        "total": total,
        "offset": offset,
        "columns": list(df.columns),
        "items": opportunity_records(page),
    }


@router.get("/opportunities")
def opportunities(
    view: View,
    run_id: Annotated[str | None, Query(max_length=64)] = None,
    exercise: Annotated[str | None, Query(max_length=200)] = None,
    icao: Annotated[str | None, Query(max_length=16)] = None,
    feasible_only: bool = False,
    sort: OpportunitySort = OpportunitySort.rank,
    descending: bool = False,
    limit: Annotated[int, Query(ge=1, le=5000)] = 200,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> dict[str, Any]:
    """Ranked options (site x window) with scores and explanations, from a finished run.

    Default: the newest finished run the reader may see.
    """
    return _opportunities(
        view, run_id, exercise, icao, feasible_only, sort, descending, limit, offset
    )


#: Bound on one coverage solve [s] so a request cannot hold a worker for long.
COVERAGE_TIME_LIMIT_S = 10.0


@router.get("/coverage")
def coverage(
    view: View,
    request: Request,
    aircraft: Annotated[
        str, Query(min_length=1, max_length=40, description="aircraft key, e.g. AW101")
    ],
    response_h: Annotated[float, Query(gt=0.0, le=48.0, description="response time [h]")],
    k: Annotated[int, Query(ge=1, le=30, description="number of sites")],
    fixed: Annotated[
        list[str] | None, Query(max_length=30, description="bases that must stay")
    ] = None,
) -> dict[str, Any]:
    """Presence option: ``k`` sites covering the most settlements within the response time.

    Maximal covering location problem (Church & ReVelle 1974) solved exactly by
    :func:`arcticrecon.coverage.presence_options`; sites get EPSG:3413 ``x_m``/``y_m``.
    """
    from arcticrecon.catalog import get_aircraft
    from arcticrecon.coverage import presence_options

    st = _state(request)
    res = presence_options(
        st.catalog,
        get_aircraft(aircraft),
        response_h,
        k,
        fixed=fixed or (),
        reoptimise_marginals=False,
        time_limit_s=COVERAGE_TIME_LIMIT_S,
    )
    out = res.to_dict()
    for d in out["site_details"]:  # type: ignore[union-attr]
        x, y = project_m(lat_deg=d["lat_deg"], lon_deg=d["lon_deg"])
        d["x_m"], d["y_m"] = float(x[0]), float(y[0])
    return out


# ---------------------------------------------------------------------------------------
# surveys, roster, audit
# ---------------------------------------------------------------------------------------


def _report_public(r: ReconReport) -> dict[str, Any]:
    d = r.to_dict()
    for a in d["attachments"]:
        a["url"] = f"/api/surveys/{r.id}/attachments/{a['sha256']}"
    return d


@router.get("/surveys")
def list_surveys(
    view: View,
    site: Annotated[str | None, Query(max_length=16)] = None,
    kind: ReportKind | None = None,
    q: Annotated[str | None, Query(max_length=200)] = None,
) -> list[dict[str, Any]]:
    """Reconnaissance reports released to the reader (optionally filtered)."""
    return [
        _report_public(r)
        for r in view.reports(site=site, kind=kind.value if kind else None, query=q)
    ]


def _written(report_id: str, rep: ReconReport | None, body: dict[str, Any]) -> dict[str, Any]:
    """The report as the writer may read it, else only a receipt (no content)."""
    if rep is not None:
        return _report_public(rep)
    return {"id": report_id, "visible_to_you": False, **body}


@router.post("/surveys", status_code=status.HTTP_201_CREATED)
def create_survey(view: View, body: SurveyCreate) -> dict[str, Any]:
    """File a report as the logged-in user (marking defaults: lowest level, all nations).

    Writing above one's clearance or for other nations is allowed; the answer then is a
    receipt (id, site, kind, marking) without the content, which the writer may not read.
    """
    rid, rep = view.add_report(
        site=body.site,
        kind=body.kind.value,
        text=body.text,
        fields=body.fields,
        level=body.level,
        rel_to=body.rel_to,
        observed_at_utc=body.observed_at_utc,
        team=body.team,
    )
    return _written(
        rid,
        rep,
        {
            "site": body.site.strip().upper(),
            "kind": body.kind.value,
            "level": body.level,
            "rel_to": body.rel_to,
        },
    )


@router.get("/surveys/{report_id}")
def get_survey(view: View, report_id: str) -> dict[str, Any]:
    """One report (404 if it does not exist or is not released to the reader)."""
    return _report_public(view.report(report_id))


@router.post("/surveys/{report_id}/attachments", status_code=status.HTTP_201_CREATED)
async def attach_photo(
    view: View,
    request: Request,
    report_id: str,
    file: Annotated[UploadFile, File(description="photo or document")],
    level: Annotated[str | None, Form(max_length=50)] = None,
    rel_to: Annotated[list[str] | None, Form()] = None,
    csrf_token: Annotated[str | None, Form(max_length=200)] = None,
) -> dict[str, Any]:
    """Attach a photo to a visible report (its marking at least as strict as the report's)."""
    limit = _state(request).settings.max_upload_bytes
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
def get_attachment(view: View, report_id: str, sha256: str) -> Response:
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


@router.get("/roster")
def roster(view: View) -> dict[str, Any]:
    """People (name, rank, nation, role, dates) and teams of the mission."""
    return view.roster()


@router.get("/audit/verify")
def audit_verify(view: Annotated[PolicyView, Depends(require_admin)]) -> JSONResponse:
    """Check the hash-chained audit log (admins only); 200 with ``ok`` true/false."""
    return JSONResponse(view.verify_audit())
