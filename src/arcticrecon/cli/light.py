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

# (column, interval kind) in table order
_INTERVAL_COLUMNS = (
    ("nautical light BMNT → EENT", "nautical"),
    ("civil light BMCT → EECT", "civil"),
    ("daylight sunrise → sunset", "daylight"),
)
_MOON_TEXT = {"always_above": "up all day", "always_below": "down all day"}


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


def _local_lists(table: pd.DataFrame, zone: str) -> dict[tuple[str, str], list[pd.Timestamp]]:
    """(local date ISO, event) -> local times, from an every-crossing table."""
    out: dict[tuple[str, str], list[pd.Timestamp]] = {}
    local = table["time_utc"].dt.tz_convert(zone)
    for ev, t in zip(table["event"], local, strict=True):
        out.setdefault((t.strftime("%Y-%m-%d"), ev), []).append(t)
    return out


def _moon_cell(times: list[pd.Timestamp], state: str, zone: str, human: bool) -> Any:
    from arcticrecon.light.records import hhmm

    if times:
        if human:
            return ", ".join(hhmm(t, zone) for t in times)
        return [t.isoformat(timespec="seconds") for t in times]
    if not human:
        return []
    return _MOON_TEXT.get(state, "none this day")


def _days(date_from: str | None, date_to: str | None) -> tuple[dt.date, dt.date]:
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
    return d0, d1


_METHOD = (
    "Sunrise/sunset: Sun's centre at -0.833° (USNO); BMCT/EECT civil twilight -6°, "
    "BMNT/EENT nautical -12°, astronomical -18°; moon: upper limb with refraction."
)


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
    events: Annotated[
        bool,
        typer.Option(
            "--events",
            help="List every event (each crossing, solar noon, moonrise/set) instead of "
            "the light intervals.",
        ),
    ] = False,
    fmt: Annotated[OutputFormat, typer.Option("--format", "-f", help="Output format.")] = (
        OutputFormat.table
    ),
) -> None:
    """Light intervals per local date: BMNT → EENT, BMCT → EECT, sunrise → sunset, moon.

    Each date lists the light periods that START on it, with their end (which may be on
    the next date, e.g. west Greenland's summer sunsets after midnight) and the day
    length (sunrise to the sunset that closes it). Where none starts the cell says why
    (polar night, midnight sun, civil light all night ...). --events lists the plain
    events instead. CSV: one row per interval (or per date and kind without one);
    JSON: one record per date. Sunrise/sunset: Sun's centre at -0.833°; civil -6°,
    nautical -12°, astronomical -18° (USNO); moon: upper limb, refraction.
    """
    label, lat, lon, elev, local_zone = _parse_place(place)
    zone = _zone(tz, local_zone, label)
    d0, d1 = _days(date_from, date_to)
    head = {"place": label, "lat_deg": lat, "lon_deg": lon, "timezone": zone}
    if events:
        _print_events(lat, lon, elev, d0, d1, zone, fmt, head)
        return
    _print_intervals(lat, lon, elev, d0, d1, zone, fmt, head)


def _print_intervals(
    lat: float,
    lon: float,
    elev: float,
    d0: dt.date,
    d1: dt.date,
    zone: str,
    fmt: OutputFormat,
    head: dict[str, Any],
) -> None:
    import pandas as pd

    from arcticrecon.light import moon_day_table, moon_event_table, sun_interval_table
    from arcticrecon.light.records import format_duration, hhmm, interval_rows, light_days

    kw: dict[str, Any] = {"elevation_m": elev, "tz": zone}
    if fmt is OutputFormat.csv:
        rows = interval_rows(sun_interval_table(lat, lon, d0, d1, **kw), zone)
        for r in rows:
            del r["location"]
        emit_records(rows, fmt)
        return
    records = light_days(lat, lon, d0, d1, tz=zone, elevation_m=elev)
    ms = moon_day_table(lat, lon, d0, d1, **kw)
    moon_t = _local_lists(moon_event_table(lat, lon, d0, d1, **kw), zone)
    human = fmt is OutputFormat.table
    rows = []
    for i, rec in enumerate(records):
        d = rec["date"]
        mstate = str(ms["moon_state"].iloc[i])
        moon = {
            "moonrise": _moon_cell(moon_t.get((d, "moonrise"), []), mstate, zone, human),
            "moonset": _moon_cell(moon_t.get((d, "moonset"), []), mstate, zone, human),
            "moon_state": mstate,
            "moon_illumination_pct": round(float(ms["moon_illumination"].iloc[i]) * 100.0),
        }
        if not human:
            rows.append({**rec, **moon})
            continue
        row: dict[str, Any] = {"date": d}
        for col, kind in _INTERVAL_COLUMNS:
            row[col] = rec[kind]["text"]
        dl = rec["day_length_h"]
        row["day length"] = format_duration(None if dl is None else dl * 3600.0)
        noon = [hhmm(pd.Timestamp(x), zone) for x in rec["solar_noon_local"]]
        row["solar noon"] = ", ".join(noon) or "—"
        row["moonrise"], row["moonset"] = moon["moonrise"], moon["moonset"]
        row["moon %"] = moon["moon_illumination_pct"]
        rows.append(row)
    if fmt is OutputFormat.json:
        emit_records(rows, fmt, json_obj={**head, "method": _METHOD, "days": rows})
        return
    title = (
        f"{head['place']} — {head['lat_deg']:.4f}°, {head['lon_deg']:.4f}° — "
        f"light intervals starting on each date, times in {zone}"
    )
    emit_records(rows, fmt, title=title)
    console.print(
        f"{_METHOD} An end on another date shows that date; day length = sunrise to the "
        "sunset that closes it. Moon % = illuminated fraction at mid-day; two moon times = two "
        "events that day. --events lists every crossing.",
        highlight=False,
    )


def _print_events(
    lat: float,
    lon: float,
    elev: float,
    d0: dt.date,
    d1: dt.date,
    zone: str,
    fmt: OutputFormat,
    head: dict[str, Any],
) -> None:
    import pandas as pd

    from arcticrecon.light import moon_event_table, sun_event_table

    kw: dict[str, Any] = {"elevation_m": elev, "tz": zone}
    table = pd.concat(
        [sun_event_table(lat, lon, d0, d1, **kw), moon_event_table(lat, lon, d0, d1, **kw)],
        ignore_index=True,
    ).sort_values("time_utc", kind="stable")
    rows = []
    for ev, t in zip(table["event"], table["time_utc"], strict=True):
        loc = t.tz_convert(zone)
        rows.append(
            {
                "date": loc.strftime("%Y-%m-%d"),
                "event": str(ev),
                "local": loc.strftime("%H:%M:%S")
                if fmt is OutputFormat.table
                else loc.isoformat(timespec="seconds"),
                "utc": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
            }
        )
    if fmt is OutputFormat.json:
        emit_records(rows, fmt, json_obj={**head, "method": _METHOD, "events": rows})
        return
    emit_records(
        rows,
        fmt,
        title=f"{head['place']} — every sun and moon event, local times in {zone}",
    )
