"""``arcticrecon light``: a USNO-style daily table of sun and moon events for one place."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import typer

from arcticrecon.cli.common import OutputFormat, console, emit_records
from arcticrecon.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["light"]

_MAX_DAYS = 3660

# (column, Dataset variable, threshold state variable) in table order
_SUN_COLUMNS = (
    ("BMNT", "bmnt", "nautical_state"),
    ("BMCT", "bmct", "civil_state"),
    ("sunrise", "sunrise", "day_state"),
    ("solar noon", "solar_noon", None),
    ("sunset", "sunset", "day_state"),
    ("EECT", "eect", "civil_state"),
    ("EENT", "eent", "nautical_state"),
)

# what to print instead of a time when the event does not happen, per state
_STATE_TEXT = {
    "day_state": {"midnight_sun": "midnight sun", "polar_night": "polar night"},
    "civil_state": {
        "always_above": "civil twilight all night",
        "always_below": "no civil twilight",
    },
    "nautical_state": {"always_above": "no nautical night", "always_below": "below -12° all day"},
    "moon_state": {"always_above": "up all day", "always_below": "down all day"},
}


def _parse_place(place: str) -> tuple[str, float, float, float, str | None]:
    """SITE or "LAT,LON" -> (label, lat_deg, lon_deg, elevation_m, local zone or None)."""
    text = place.strip()
    if "," in text or any(ch in text for ch in "°'\""):
        from arcticrecon.geo import parse_lat_lon

        lat, lon = parse_lat_lon(text)  # decimal or DMS; range-checked, one clear line
        zone = None
        if 59.0 <= lat <= 84.0 and -75.0 <= lon <= -10.0:  # Greenland and its waters
            from arcticrecon.catalog.timezones import zone_for

            zone = zone_for(lat_deg=lat, lon_deg=lon)
        return "position", lat, lon, 0.0, zone
    from arcticrecon.catalog import load_catalog

    site = load_catalog().get(text)
    elev = 0.0 if site.elevation_m is None else float(site.elevation_m)
    return f"{site.icao} {site.name}", site.lat_deg, site.lon_deg, elev, site.tz


def _zone(tz: str, local_zone: str | None, label: str) -> str:
    from arcticrecon.tz import get_zone

    key = tz.strip()
    if key.lower() == "utc":
        return "UTC"
    if key.lower() == "local":
        if local_zone is None:
            raise InputError(
                f"no local time zone is known for {label} (outside Greenland); "
                "use --tz utc or --tz with an IANA zone name",
                field="tz",
                value=tz,
            )
        return local_zone
    return get_zone(key).key


def _date(value: str | None, default: dt.date, name: str) -> dt.date:
    if value is None:
        return default
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"{name} {value!r} is not a date; give YYYY-MM-DD, e.g. 2026-01-19",
            field=name,
            value=value,
        ) from None


def _hhmm(t: pd.Timestamp) -> str:
    """Nearest minute (as USNO prints), never rounded over midnight into the next day."""
    import pandas as pd

    r = t + pd.Timedelta(seconds=30)
    return (r if r.date() == t.date() else t).strftime("%H:%M")


def _local_lists(table: pd.DataFrame, zone: str) -> dict[tuple[str, str], list[pd.Timestamp]]:
    """(local date ISO, event) -> local times, from an every-crossing table."""

    out: dict[tuple[str, str], list[pd.Timestamp]] = {}
    local = table["time_utc"].dt.tz_convert(zone)
    for ev, t in zip(table["event"], local, strict=True):
        out.setdefault((t.strftime("%Y-%m-%d"), ev), []).append(t)
    return out


def _cell(times: list[pd.Timestamp], state: str | None, state_var: str | None, human: bool) -> Any:
    if times:
        if human:
            return ", ".join(_hhmm(t) for t in times)
        return times[0].isoformat(timespec="seconds")
    if not human:
        return None
    if state_var and state in _STATE_TEXT.get(state_var, {}):
        return _STATE_TEXT[state_var][state]
    return "none this day"


def light(
    place: Annotated[
        str, typer.Argument(help="Site (ICAO code or name, e.g. BGSF) or LAT,LON in degrees.")
    ],
    date_from: Annotated[
        str | None, typer.Option("--from", help="First day (YYYY-MM-DD); default today.")
    ] = None,
    date_to: Annotated[
        str | None, typer.Option("--to", help="Last day, included; default --from + 6 days.")
    ] = None,
    tz: Annotated[
        str,
        typer.Option(
            "--tz",
            help="Show times and days in 'local' (the site's zone), 'utc' or an IANA zone name.",
        ),
    ] = "local",
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = (
        OutputFormat.table
    ),
) -> None:
    """Sun and moon events per day: BMNT, BMCT, sunrise, noon, sunset, EECT, EENT, moon.

    Times are local to the chosen zone. Where an event does not happen the table says
    why (polar night, midnight sun, civil twilight all night ...). Sunrise/sunset: Sun's
    centre at -0.833°; civil -6°, nautical -12° (USNO); moon: upper limb, refraction.
    """
    import numpy as np

    from arcticrecon.light import moon_event_table, moon_events, sun_event_table, sun_events

    label, lat, lon, elev, local_zone = _parse_place(place)
    zone = _zone(tz, local_zone, label)
    today = dt.datetime.now(dt.UTC).date()
    d0 = _date(date_from, today, "--from")
    d1 = _date(date_to, d0 + dt.timedelta(days=6), "--to")
    if d1 < d0:
        raise InputError(
            f"date range --from {d0} --to {d1} is empty; give --to on or after --from",
            field="--to",
            value=str(d1),
        )
    if (d1 - d0).days + 1 > _MAX_DAYS:
        raise InputError(
            f"date range {d0}..{d1} has {(d1 - d0).days + 1} days; give at most {_MAX_DAYS}",
            field="--to",
            value=str(d1),
        )
    kw: dict[str, Any] = {"elevation_m": elev, "tz": zone}
    ds = sun_events(lat, lon, d0, d1, **kw).isel(location=0)
    ms = moon_events(lat, lon, d0, d1, **kw).isel(location=0)
    sun_t = _local_lists(sun_event_table(lat, lon, d0, d1, **kw), zone)
    moon_t = _local_lists(moon_event_table(lat, lon, d0, d1, **kw), zone)
    human = fmt is OutputFormat.table
    rows = []
    for i, day in enumerate(ds.day.values):
        d = str(np.datetime_as_string(day, unit="D"))
        row: dict[str, Any] = {"date": d}
        for col, var, state_var in _SUN_COLUMNS:
            state = str(ds[state_var].values[i]) if state_var else None
            row[col if human else var] = _cell(sun_t.get((d, var), []), state, state_var, human)
        length_s = float(ds.day_length_s.values[i])
        row["day length" if human else "day_length_h"] = (
            f"{int(length_s // 3600):02d}:{int(length_s % 3600 // 60):02d}"
            if human
            else round(length_s / 3600.0, 4)
        )
        mstate = str(ms.moon_state.values[i])
        for col in ("moonrise", "moonset"):
            row[col] = _cell(moon_t.get((d, col), []), mstate, "moon_state", human)
        pct = round(float(ms.moon_illumination.values[i]) * 100.0)
        row["moon %" if human else "moon_illumination_pct"] = pct
        if not human:
            row["civil_light_h"] = round(float(ds.civil_light_s.values[i]) / 3600.0, 4)
            for v in ("day_state", "civil_state", "nautical_state"):
                row[v] = str(ds[v].values[i])
            row["moon_state"] = mstate
        rows.append(row)
    title = f"{label} — {lat:.4f}°, {lon:.4f}° — times in {zone}"
    if fmt is OutputFormat.json:
        emit_records(
            rows,
            fmt,
            json_obj={
                "place": label,
                "lat_deg": lat,
                "lon_deg": lon,
                "timezone": zone,
                "days": rows,
            },
        )
        return
    emit_records(rows, fmt, title=title)
    if human:
        console.print(
            "Sunrise/sunset: Sun's centre at -0.833° (USNO); BMCT/EECT civil twilight -6°, "
            "BMNT/EENT nautical -12°; moon: upper limb with refraction; moon % = "
            "illuminated fraction at mid-day. Two times = two events that day.",
            highlight=False,
        )
