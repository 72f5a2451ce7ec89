"""A SYNTHETIC AIS recording round Greenland, encoded with pyais — for tests and the demo.

No real Arctic AIS recording is available offline, so this module writes one and marks it
synthetic everywhere: a ``# SYNTHETIC`` header line, ``s:arcticrecon-synthetic`` in every
NMEA 4.0 tag block, vessel names starting ``SYNTH``; the store flags every position from
it, and every output that uses it says so.

Scenario (19-23 January 2026, one fix every 5 min per vessel, types 1/18 positions, 5/24
static data):

========  =========  ==================================================================
MMSI      flag (MID)  behaviour
========  =========  ==================================================================
257000101  NOR       fishing vessel loitering ~25 NM west of Nuuk for 6 h
636000201  LBR       reefer meeting ...
273000301  RUS       ... a trawler in Denmark Strait: within ~100 m for 3 h at < 1 kn
370000401  PAN       cargo ship going silent for 14 h ~90 NM off Scoresby Sund
331000501  GRL       coaster calling at Nuuk for 10 h
219000601  DNK       fast transit at 30 kn along the west coast
235000701  GBR       cargo ship rounding Cape Farewell (background traffic)
244000801  NLD       class B yacht off Tasiilaq (types 18 and 24)
========  =========  ==================================================================

Noise: sentences with wrong checksums, "not available" positions (lat 91/lon 181), exact
duplicates, a truncated payload, an unknown message type, an empty payload, an incomplete
multi-part message, out-of-order lines and one spoofed position 300 km off track.
"""

from __future__ import annotations

import gzip
import io
import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["SCENARIO_START_UTC", "SYNTHETIC_MARK", "VESSELS", "synthetic_lines", "write_synthetic"]

SYNTHETIC_MARK = "SYNTHETIC"
SCENARIO_START_UTC = datetime(2026, 1, 19, 0, 0, tzinfo=UTC)
_STEP_S = 300
_SOURCE = "arcticrecon-synthetic"


@dataclass(frozen=True)
class SynthVessel:
    """One synthetic vessel: identity and timed waypoints (hours from the start)."""

    mmsi: int
    name: str
    call_sign: str
    ship_type: int
    class_b: bool
    waypoints: tuple[tuple[float, float, float], ...]  # (hour, lat_deg, lon_deg)
    silent: tuple[tuple[float, float], ...] = ()  # (from hour, to hour) without reports
    jitter_m: float = 0.0


VESSELS: tuple[SynthVessel, ...] = (
    SynthVessel(
        257000101,
        "SYNTH LOITERER",
        "LASY1",
        30,
        False,
        ((0, 63.0, -54.5), (20, 64.12, -53.2), (26, 64.125, -53.205), (50, 65.5, -54.5)),
        jitter_m=15.0,
    ),
    SynthVessel(
        636000201,
        "SYNTH REEFER",
        "D5SY2",
        70,
        False,
        ((0, 64.5, -24.0), (30, 66.4, -28.0), (33, 66.402, -28.004), (60, 65.0, -33.0)),
        jitter_m=10.0,
    ),
    SynthVessel(
        273000301,
        "SYNTH TRAWLER",
        "UBSY3",
        30,
        False,
        ((0, 67.5, -23.0), (30, 66.4008, -28.001), (33, 66.4023, -28.0052), (70, 68.0, -20.0)),
        jitter_m=10.0,
    ),
    SynthVessel(
        370000401,
        "SYNTH CARGO",
        "3ESY4",
        70,
        False,
        ((0, 68.5, -14.0), (40, 70.9, -17.0), (54, 71.3, -16.0), (96, 73.5, -12.0)),
        silent=((40.0, 54.0),),
    ),
    SynthVessel(
        331000501,
        "SYNTH COASTER",
        "OXSY5",
        70,
        False,
        (
            (0, 63.0, -53.5),
            (12, 64.1, -52.5),
            (15, 64.178, -51.74),
            (25, 64.178, -51.74),
            (28, 64.1, -52.5),
            (60, 66.9, -54.2),
        ),
    ),
    SynthVessel(
        219000601,
        "SYNTH FAST",
        "OUSY6",
        40,
        False,
        ((30, 61.0, -50.0), (40.2, 66.0, -56.5), (42, 66.5, -57.0)),
    ),
    SynthVessel(
        235000701,
        "SYNTH BULKER",
        "MSY7",
        70,
        False,
        ((0, 58.0, -38.0), (48, 59.0, -44.0), (96, 60.5, -52.0)),
    ),
    SynthVessel(
        244000801,
        "SYNTH YACHT",
        "PDSY8",
        37,
        True,
        ((10, 65.3, -36.0), (40, 65.55, -37.4), (60, 65.9, -35.0)),
    ),
)


def _xor(text: str) -> int:
    x = 0
    for ch in text.encode("ascii"):
        x ^= ch
    return x


def _tag(t_s: int) -> str:
    body = f"c:{t_s},s:{_SOURCE}"
    return f"\\{body}*{_xor(body):02X}\\"


def _track(
    v: SynthVessel, rng: np.random.Generator
) -> list[tuple[int, float, float, float, float]]:
    """(t_s, lat, lon, sog_kt, cog_deg) every _STEP_S seconds along the waypoints."""
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    t0 = int(SCENARIO_START_UTC.timestamp())
    out = []
    wps = v.waypoints
    for (h1, la1, lo1), (h2, la2, lo2) in itertools.pairwise(wps):
        az, _, dist = geod.inv(lo1, la1, lo2, la2)
        dur_s = (h2 - h1) * 3600.0
        sog = dist / dur_s * 3600.0 / 1852.0
        for t in range(int(h1 * 3600), int(h2 * 3600), _STEP_S):
            if any(a * 3600 <= t < b * 3600 for a, b in v.silent):
                continue
            f = (t - h1 * 3600) / dur_s
            lo, la, _ = geod.fwd(lo1, la1, az, f * dist)
            if v.jitter_m:
                dx, dy = rng.normal(0.0, v.jitter_m, 2)
                lo, la, _ = geod.fwd(lo, la, 90.0, dx)
                lo, la, _ = geod.fwd(lo, la, 0.0, dy)
            cog = az % 360.0
            out.append((t0 + t, float(la), float(lo), round(sog, 1), round(cog, 1)))
    return out


def _encode(data: dict[str, Any], channel: str = "A") -> list[str]:
    from pyais import encode_dict

    return list(encode_dict(data, talker_id="AI", sentence_type="VDM", radio_channel=channel))


def _static(v: SynthVessel) -> list[list[str]]:
    if v.class_b:
        a = {"type": 24, "mmsi": v.mmsi, "partno": 0, "shipname": v.name}
        b = {
            "type": 24,
            "mmsi": v.mmsi,
            "partno": 1,
            "ship_type": v.ship_type,
            "callsign": v.call_sign,
            "to_bow": 8,
            "to_stern": 4,
            "to_port": 2,
            "to_starboard": 2,
        }
        return [_encode(a, "B"), _encode(b, "B")]
    d = {
        "type": 5,
        "mmsi": v.mmsi,
        "imo": 9_000_000 + v.mmsi % 1000,
        "callsign": v.call_sign,
        "shipname": v.name,
        "ship_type": v.ship_type,
        "to_bow": 80,
        "to_stern": 20,
        "to_port": 8,
        "to_starboard": 8,
        "draught": 6.5,
        "destination": "SYNTHETIC",
        "ais_version": 2,
    }
    return [_encode(d)]


def synthetic_lines(seed: int = 13) -> list[str]:
    """The synthetic recording as lines (tag block + sentence each), in receive order.

    Parameters
    ----------
    seed : int
        Random seed of the position jitter and the noise (the output is deterministic).

    Returns
    -------
    list of str
        First line ``# SYNTHETIC ...``; then NMEA 4.0 lines sorted by receive time, with the
        noise of the module docstring mixed in.
    """
    rng = np.random.default_rng(seed)
    rows: list[tuple[int, int, str]] = []  # (t_s, order, line)
    k = 0
    for v in VESSELS:
        track = _track(v, rng)
        statics = _static(v)
        for n, (t, la, lo, sog, cog) in enumerate(track):
            if v.class_b:
                data = {"type": 18, "mmsi": v.mmsi, "lat": la, "lon": lo, "speed": sog}
                data.update({"course": cog, "heading": round(cog) % 360, "second": t % 60})
                sents = _encode(data, "B")
            else:
                data = {"type": 1, "mmsi": v.mmsi, "lat": la, "lon": lo, "speed": sog}
                data.update({"course": cog, "heading": round(cog) % 360, "second": t % 60})
                data["status"] = 0 if sog >= 0.5 else 1
                sents = _encode(data)
            rows.append((t, k, _tag(t) + sents[0]))
            k += 1
            if n % 12 == 0:  # static/voyage data once an hour
                for msg in statics:
                    # NMEA 4.0 groups multi-part sentences with g:; the time is on part 1
                    for part in msg:
                        rows.append((t + 1, k, _tag(t + 1) + part))
                        k += 1
    rows.sort()
    lines = [r[2] for r in rows]
    lines = _add_noise(lines, rng)
    header = (
        f"# {SYNTHETIC_MARK} AIS recording made by arcticrecon.maritime.synthetic with the "
        "pyais encoder (seed %d): invented vessels, not real traffic" % seed
    )
    return [header, *lines]


def _add_noise(lines: list[str], rng: np.random.Generator) -> list[str]:
    out = list(lines)
    n = len(out)
    t_mid = 1768867200 + 36 * 3600  # a time inside the scenario, for injected sentences

    def at(i: int) -> int:
        return min(max(i, 0), len(out))

    # wrong checksums: flip the last hex digit of 25 random lines
    for i in rng.choice(n, 25, replace=False):
        s = out[i]
        if s.startswith("\\") and "*" in s[-3:]:
            last = s[-1]
            out[i] = s[:-1] + ("0" if last != "0" else "1")
    # exact duplicates of 30 lines, right after the original
    for i in sorted(rng.choice(n, 30, replace=False), reverse=True):
        out.insert(int(i) + 1, out[int(i)])
    # out of order: swap 20 neighbouring pairs
    for i in rng.choice(len(out) - 1, 20, replace=False):
        out[i], out[i + 1] = out[i + 1], out[i]
    inject = [
        # not available positions (lat 91, lon 181), a type 1 and a type 18
        _tag(t_mid) + _encode({"type": 1, "mmsi": 257000101, "lat": 91, "lon": 181})[0],
        _tag(t_mid + 5) + _encode({"type": 18, "mmsi": 244000801, "lat": 91, "lon": 181})[0],
        # a spoofed fix of the bulker 300 km off its track
        _tag(1768867200 + 24 * 3600 + 150)
        + _encode({"type": 1, "mmsi": 235000701, "lat": 61.2, "lon": -41.0, "speed": 11.0})[0],
        # unknown message type 30 (not defined by ITU-R M.1371-5): payload starts with 'N'
        _tag(t_mid + 10) + _sentence("N" + "0" * 27, 0),
        # truncated position report
        _tag(t_mid + 15) + _sentence("13u?etPv2;0n:dDPwUM1U1Cb", 0),
        # empty payload
        _tag(t_mid + 20) + _sentence("", 0),
        # first half of a two-part message whose second part never comes
        _tag(t_mid + 25)
        + _sentence("55?MbV02;H;s<HtKR20EHE:0@T4@Dn2222222216L961O5Gf0NSQEp6ClRp8", 0, 2),
        # not an AIS sentence at all
        "$GPGGA,120000.00,6410.0000,N,05143.0000,W,1,08,0.9,10.0,M,30.0,M,,*4E",
    ]
    for j, s in enumerate(inject):
        out.insert(at(int(n * (j + 1) / (len(inject) + 1))), s)
    return out


def _sentence(payload: str, fill: int, frags: int = 1) -> str:
    body = f"AIVDM,{frags},1,{'7' if frags > 1 else ''},A,{payload},{fill}"
    return f"!{body}*{_xor(body):02X}"


def write_synthetic(path: Path, *, seed: int = 13) -> int:
    """Write the synthetic recording (gzip when the name ends ``.gz``, reproducible bytes).

    Parameters
    ----------
    path : Path
    seed : int

    Returns
    -------
    int
        Number of lines written.
    """
    lines = synthetic_lines(seed)
    text = ("\n".join(lines) + "\n").encode("ascii")
    if path.suffix == ".gz":
        buf = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0) as gz:
            gz.write(text)
        data = buf.getvalue()
    else:
        data = text
    from arcticrecon.maritime.store import atomic_write_bytes

    atomic_write_bytes(path, data)
    return len(lines)


def scenario_end_utc() -> datetime:
    """End of the scenario (4 days after the start)."""
    return SCENARIO_START_UTC + timedelta(days=4)


if __name__ == "__main__":  # pragma: no cover - regenerates the shipped sample
    import sys

    sys.stdout.write(f"{write_synthetic(Path(sys.argv[1]))}\n")
