"""Time zones: IANA zones from the bundled ``tzdata`` package, strict local-time conversion.

arcticrecon stores UTC and shows local time in a site's IANA zone (America/Nuuk,
America/Thule, America/Scoresbysund, America/Danmarkshavn; see
:mod:`arcticrecon.catalog.timezones` for which place uses which, including the documented
choice of America/Danmarkshavn for Station Nord).

Zones are always read from the ``tzdata`` PyPI package (a declared dependency), never from
the operating system, so an old system database cannot give the pre-2023 Nuuk offsets
(Nuuk moved from UTC-3 to UTC-2 standard time on 2023-10-28 and keeps EU-style summer
time, UTC-1, from 2024; tzdata release 2022g/2023c).

Local wall-clock times are converted strictly: a time that does not exist (skipped by a
spring-forward) is rejected, and a time that occurs twice (autumn fall-back) needs an
explicit ``fold`` — nothing silently shifts by an hour.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import re
import zoneinfo

from arcticrecon.errors import InputError

__all__ = ["UTC", "get_zone", "local_to_utc", "parse_time_of_day", "utc_offset_hours"]

UTC = dt.UTC

# Deprecated IANA link names we accept in addition to the tzdata "backward" file, mapped to
# their canonical zone (tzdata file ``backward``: ``Link America/Nuuk America/Godthab``).
_ALIASES = {
    "america/godthab": "America/Nuuk",
    "utc": "UTC",
    "z": "UTC",
    "gmt": "UTC",
}


@functools.lru_cache(maxsize=64)
def get_zone(name: str) -> zoneinfo.ZoneInfo:
    """IANA time zone by name or alias, from the bundled ``tzdata`` package.

    Parameters
    ----------
    name : str
        An IANA zone name (``"America/Nuuk"``) or a link/alias (``"America/Godthab"``,
        ``"UTC"``). Case is significant for IANA names except for the aliases listed.

    Returns
    -------
    zoneinfo.ZoneInfo
        The zone. Aliases resolve to the canonical zone, so ``get_zone("America/Godthab")``
        and ``get_zone("America/Nuuk")`` give identical offsets.

    Raises
    ------
    InputError
        If the name is empty or not a zone in the tzdata database.

    Examples
    --------
    >>> get_zone("America/Godthab").key
    'America/Nuuk'
    """
    key = (name or "").strip()
    if not key:
        raise InputError(
            "time zone is empty; give an IANA zone such as America/Nuuk",
            field="tz",
            value=name,
        )
    key = _ALIASES.get(key.lower(), key)
    try:
        # Read from the tzdata package only (never the system database, which may be old).
        if ".." in key or key.startswith("/"):
            raise ValueError(key)
        res = importlib.resources.files("tzdata.zoneinfo").joinpath(*key.split("/"))
        with res.open("rb") as fh:
            return zoneinfo.ZoneInfo.from_file(fh, key=key)
    except (ValueError, OSError):
        raise InputError(
            f"unknown time zone {name!r}; give an IANA zone name such as America/Nuuk, "
            "America/Thule, America/Scoresbysund, America/Danmarkshavn or UTC",
            field="tz",
            value=name,
        ) from None


def _as_utc(instant_utc: dt.datetime) -> dt.datetime:
    if instant_utc.tzinfo is None:
        return instant_utc.replace(tzinfo=UTC)
    return instant_utc.astimezone(UTC)


def utc_offset_hours(zone: str | zoneinfo.ZoneInfo, instant_utc: dt.datetime) -> float:
    """UTC offset of a zone at an instant.

    Parameters
    ----------
    zone : str or zoneinfo.ZoneInfo
        IANA zone (name, alias or zone object).
    instant_utc : datetime.datetime
        The instant; naive values are taken as UTC.

    Returns
    -------
    offset_h : float
        Local time minus UTC. [h]

    Raises
    ------
    InputError
        If the zone is unknown.

    Examples
    --------
    >>> utc_offset_hours("America/Nuuk", dt.datetime(2025, 1, 15, 12))
    -2.0
    >>> utc_offset_hours("America/Godthab", dt.datetime(2022, 1, 15, 12))
    -3.0
    """
    z = get_zone(zone) if isinstance(zone, str) else zone
    off = _as_utc(instant_utc).astimezone(z).utcoffset()
    assert off is not None
    return off.total_seconds() / 3600.0


def local_to_utc(
    naive_local: dt.datetime, zone: str | zoneinfo.ZoneInfo, *, fold: int | None = None
) -> dt.datetime:
    """Convert a local wall-clock time to UTC, refusing to guess.

    Parameters
    ----------
    naive_local : datetime.datetime
        Wall-clock time without tzinfo.
    zone : str or zoneinfo.ZoneInfo
        IANA zone (name, alias or zone object).
    fold : {0, 1}, optional
        Which occurrence of an ambiguous time (PEP 495): 0 the first (summer time), 1 the
        second. Required when the time is ambiguous, ignored otherwise.

    Returns
    -------
    datetime.datetime
        The instant, timezone-aware in UTC.

    Raises
    ------
    InputError
        If ``naive_local`` has a tzinfo, does not exist in the zone (skipped by a clock
        change), is ambiguous and ``fold`` is not given, or if the zone is unknown.

    Examples
    --------
    >>> local_to_utc(dt.datetime(2025, 10, 25, 23, 30), "America/Nuuk", fold=0)
    datetime.datetime(2025, 10, 26, 0, 30, tzinfo=datetime.timezone.utc)
    """
    if naive_local.tzinfo is not None:
        raise InputError(
            f"local time {naive_local.isoformat()} already has a time zone; give a naive "
            "wall-clock time and the zone separately",
            field="local_time",
            value=naive_local,
        )
    z = get_zone(zone) if isinstance(zone, str) else zone
    if fold not in (None, 0, 1):
        raise InputError(
            f"fold {fold!r} is not 0 or 1; use 0 for the first occurrence, 1 for the second",
            field="fold",
            value=fold,
            valid_range=(0, 1),
        )
    cands = []
    for f in (0, 1):
        aware = naive_local.replace(tzinfo=z, fold=f)
        u = aware.astimezone(UTC)
        # a real local time round-trips to itself
        if u.astimezone(z).replace(tzinfo=None) == naive_local:
            cands.append((f, u))
    uniq = sorted({u for _, u in cands})
    if not uniq:
        raise InputError(
            f"local time {naive_local.isoformat()} does not exist in {z.key} (clocks jump "
            "over it); give a time before or after the change",
            field="local_time",
            value=naive_local,
        )
    if len(uniq) == 1:
        return uniq[0]
    if fold is None:
        raise InputError(
            f"local time {naive_local.isoformat()} is ambiguous in {z.key} (it happens "
            f"at {uniq[0]:%Y-%m-%dT%H:%MZ} and at {uniq[1]:%Y-%m-%dT%H:%MZ}); "
            "pass fold=0 for the first or fold=1 for the second",
            field="local_time",
            value=naive_local,
            valid_range=tuple(uniq),
        )
    return uniq[fold]


_TIME_RE = re.compile(r"^([0-9]{1,2}):([0-9]{2})$")


def parse_time_of_day(
    value: object, *, field: str | None = None, allow_24: bool = False
) -> dt.time:
    """Read a local time of day written ``"HH:MM"`` (24-hour clock) or a ``datetime.time``.

    Parameters
    ----------
    value : str or datetime.time
        ``"08:00"``, ``"8:00"``, ``"16:30"``; ``"24:00"`` (the end of the day) only with
        ``allow_24``; a TOML local time (``08:00:00``) arrives as a ``datetime.time``.
        Never a number: YAML 1.1 reads an unquoted ``10:30`` as 630, which is refused.
    field : str, optional
        Name put in front of the error message.
    allow_24 : bool
        Accept ``"24:00"``, returned as ``datetime.time.max``.

    Returns
    -------
    datetime.time
        Naive (local wall-clock) time, whole minutes unless given as a ``datetime.time``.

    Raises
    ------
    InputError
        If the value is not a time of day (``"25:00"``, ``"8h"``, ``800``, ``"8:00 pm"``)
        or carries a UTC offset; one line naming the field and the value.

    Examples
    --------
    >>> parse_time_of_day("08:30")
    datetime.time(8, 30)
    >>> parse_time_of_day("24:00", allow_24=True) == dt.time.max
    True
    """
    where = f"{field}: " if field else ""
    if isinstance(value, dt.time):
        if value.tzinfo is not None:
            raise InputError(
                f"{where}{value.isoformat()} has a UTC offset; give the local time of the "
                'site\'s zone without an offset, e.g. "08:00"',
                field=field,
                value=value.isoformat(),
            )
        return value
    m = _TIME_RE.match(value.strip()) if isinstance(value, str) else None
    if m:
        h, mi = int(m.group(1)), int(m.group(2))
        if h == 24 and mi == 0 and allow_24:
            return dt.time.max
        if h < 24 and mi < 60:
            return dt.time(h, mi)
    shown = f'"{value}"' if isinstance(value, str) else repr(value)
    hint = ', or "24:00" for the end of the day' if allow_24 else ""
    raise InputError(
        f'{where}{shown} is not a time of day; write "HH:MM" on the 24-hour clock in quotes, '
        f'e.g. "08:00" (00:00 to 23:59{hint})',
        field=field,
        value=value,
    )
