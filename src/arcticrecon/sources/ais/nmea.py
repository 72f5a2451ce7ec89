"""NMEA 0183 AIS streams: tag blocks, checksums, multi-part reassembly, per-reason counts.

:class:`NmeaDecoder` turns lines of a recording or a live feed into columns of position
reports and a list of static/voyage reports, a batch at a time. It never raises on a bad
sentence: each one is counted under a reason (:data:`REJECT_REASONS`) and dropped, so a
bad sentence is never plotted.

Formats
-------
- Sentences ``!AIVDM``/``!AIVDO`` (IEC 61162-1:2016 §8.3.95/96): ``!AIVDM,<fragments>,
  <fragment no>,<sequence id>,<channel>,<payload>,<fill bits>*<checksum>``.
- NMEA 4.0 tag blocks (IEC 61162-450 / NMEA 0183 v4.0 §7.4):
  ``\\c:1768809600,s:rec01*5B\\!AIVDM,...``; ``c:`` is the receive time in UNIX seconds
  (or milliseconds when 13 digits), ``g:<n>-<of>-<group id>`` groups the sentences of one
  multi-part message; the tag block carries its own checksum.
- Payload decoding: position reports (types 1, 2, 3, 18) vectorised in
  :mod:`arcticrecon.sources.ais.bits`; static and voyage data (types 5 and 24) and the
  remaining types through ``pyais`` (ITU-R M.1371-5).
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import numpy as np
from numpy.typing import NDArray

from arcticrecon.sources.ais.bits import (
    POSITION_PAYLOAD_CHARS,
    decode_position_payloads,
    nmea_checksums,
    payload_chars_valid,
)

__all__ = [
    "POSITION_COLUMNS",
    "REJECT_REASONS",
    "STATIC_COLUMNS",
    "AisBatch",
    "DecodeStats",
    "NmeaDecoder",
]

log = logging.getLogger(__name__)

#: Why a sentence was dropped; every rejected sentence is counted under exactly one.
REJECT_REASONS: dict[str, str] = {
    "malformed": "not a well-formed !AIVDM/!AIVDO sentence (field count, numbers)",
    "not_ais": "an NMEA sentence other than VDM/VDO",
    "checksum": "NMEA checksum does not match",
    "tag_block_checksum": "NMEA 4.0 tag block checksum does not match",
    "empty_payload": "sentence carries no payload",
    "bad_payload_char": "payload has a character outside the 6-bit armour set",
    "unknown_type": "message type 0 or above 27 (ITU-R M.1371-5 defines 1-27)",
    "truncated": "payload shorter than its message type needs",
    "missing_fragment": "a part of a multi-part message never arrived",
    "position_not_available": "position report says lat 91 / lon 181 (not available)",
    "position_out_of_range": "latitude beyond 90 deg or longitude beyond 180 deg",
    "no_receive_time": "no tag-block receive time and no --start/--rate given",
    "decode_error": "pyais could not decode the payload",
}

#: Position columns of an :class:`AisBatch` (name -> NumPy dtype).
POSITION_COLUMNS: dict[str, str] = {
    "t_utc_ms": "int64",
    "mmsi": "int64",
    "msg_type": "int8",
    "lat_deg": "float64",
    "lon_deg": "float64",
    "sog_kt": "float32",
    "cog_deg": "float32",
    "heading_deg": "float32",
    "nav_status": "int8",
}

#: Static/voyage fields kept from types 5, 24 (ITU-R M.1371-5 tables 52, 79).
STATIC_COLUMNS: tuple[str, ...] = (
    "t_utc_ms",
    "mmsi",
    "msg_type",
    "imo",
    "call_sign",
    "name",
    "ship_type",
    "ship_type_text",
    "to_bow_m",
    "to_stern_m",
    "to_port_m",
    "to_starboard_m",
    "draught_m",
    "destination",
)

_POSITION_TYPES = frozenset({1, 2, 3, 18})
_STATIC_TYPES = frozenset({5, 24})
# first payload character -> message type (6-bit value of the first character)
_TYPE_OF_CHAR = {c: (c - 48 if c - 48 <= 40 else c - 56) for c in range(48, 120)}
_MAX_PENDING = 4096  # multi-part messages waiting for a part, at most


@dataclass
class DecodeStats:
    """Counts of one ingest: what was read, used and rejected (and why).

    Attributes
    ----------
    lines : int
        Lines read (blank and ``#`` comment lines included).
    sentences : int
        AIS sentences seen (each fragment of a multi-part message counts).
    positions : int
        Position reports kept.
    statics : int
        Static/voyage reports kept (types 5, 24).
    other_types : Counter
        Well-formed messages of types this product does not use, by type (4, 8, 21 ...).
    rejected : Counter
        Dropped sentences by reason (keys of :data:`REJECT_REASONS`).
    """

    lines: int = 0
    sentences: int = 0
    positions: int = 0
    statics: int = 0
    other_types: Counter[int] = field(default_factory=Counter)
    rejected: Counter[str] = field(default_factory=Counter)

    def add(self, other: DecodeStats) -> None:
        """Add another batch's counts to these."""
        self.lines += other.lines
        self.sentences += other.sentences
        self.positions += other.positions
        self.statics += other.statics
        self.other_types.update(other.other_types)
        self.rejected.update(other.rejected)

    def as_dict(self) -> dict[str, Any]:
        """Plain-dict form (JSON-ready)."""
        return {
            "lines": self.lines,
            "sentences": self.sentences,
            "positions": self.positions,
            "statics": self.statics,
            "other_types": {str(k): v for k, v in sorted(self.other_types.items())},
            "rejected": dict(sorted(self.rejected.items())),
        }


@dataclass
class AisBatch:
    """Decoded reports of a batch of lines.

    Attributes
    ----------
    positions : dict of str to ndarray
        One array per :data:`POSITION_COLUMNS` entry, all the same length; NaN marks a
        field the report gave as "not available" (speed, course, heading).
    statics : list of dict
        Static/voyage reports, keys :data:`STATIC_COLUMNS` (``None`` = not given).
    stats : DecodeStats
    """

    positions: dict[str, NDArray[Any]]
    statics: list[dict[str, Any]]
    stats: DecodeStats

    @property
    def n_positions(self) -> int:
        """Number of position rows."""
        return len(self.positions["mmsi"])


def empty_positions() -> dict[str, NDArray[Any]]:
    """Position columns with no rows."""
    return {k: np.zeros(0, dtype=v) for k, v in POSITION_COLUMNS.items()}


def _tag_group(tb: bytes) -> str | None:
    """Group id of a tag block's ``g:<n>-<of>-<id>`` field, or None."""
    body = tb.split(b"*", 1)[0]
    for item in body.split(b","):
        if item[:2] == b"g:":
            parts = item[2:].split(b"-")
            if len(parts) == 3:
                return parts[2].decode("ascii", "replace")
    return None


class NmeaDecoder:
    """Stateful decoder of NMEA AIS lines (reassembles multi-part messages across batches).

    Parameters
    ----------
    start_utc : datetime, optional
        Receive time of the first line, for recordings without tag-block times.
    rate_hz : float, optional
        Lines per second of such a recording: line ``i`` is taken to have been received at
        ``start_utc + i / rate_hz``. [1/s]
    check_checksum : bool
        Drop sentences whose checksum does not match (default True).

    Notes
    -----
    A line with a tag-block time always uses it. A line without one uses the
    ``start_utc``/``rate_hz`` clock when given, and is otherwise rejected as
    ``no_receive_time``.
    """

    def __init__(
        self,
        *,
        start_utc: datetime | None = None,
        rate_hz: float | None = None,
        check_checksum: bool = True,
    ) -> None:
        self.start_ms = None if start_utc is None else round(start_utc.timestamp() * 1000)
        self.rate_hz = rate_hz
        self.check_checksum = check_checksum
        self._line_no = 0
        # key -> (first time, {frag_num: (payload, fill)}, frag_cnt, n sentences)
        self._pending: dict[tuple[Any, ...], list[Any]] = {}

    # -- public -------------------------------------------------------------------------
    def feed(self, lines: list[bytes] | list[str]) -> AisBatch:
        """Decode a batch of lines (bytes or str, line ends stripped or not).

        Parameters
        ----------
        lines : list of bytes or str

        Returns
        -------
        AisBatch
            The complete messages of this batch (a multi-part message whose last part is in
            a later batch comes out with that batch).
        """
        stats = DecodeStats()
        rej = stats.rejected
        bodies: list[bytes] = []
        want_cs: list[int] = []
        tag_bodies: list[bytes] = []
        tag_want: list[int] = []
        tag_of: list[int] = []  # index into sent of each checked tag block
        sent: list[tuple[bytes, bytes, int, int, bytes, int, int | None, str | None]] = []
        clock_ms = self.start_ms
        rate = self.rate_hz
        line_no = self._line_no
        n_malformed = n_not_ais = n_tag_bad = 0
        for raw in lines:
            if isinstance(raw, str):
                raw = raw.encode("ascii", "replace")
            line_no += 1
            s = raw.strip()
            if not s or s[0] == 35:  # '#'
                continue
            t_ms: int | None = None
            group: str | None = None
            tb: bytes | None = None
            if s[0] == 92:  # '\\'
                j = s.find(b"\\", 1)
                if j < 0:
                    n_malformed += 1
                    continue
                tb = s[1:j]
                s = s[j + 1 :]
                k = tb.find(b"c:")
                if k >= 0:
                    e = tb.find(b",", k)
                    if e < 0:
                        e = tb.find(b"*", k)
                    try:
                        v = int(tb[k + 2 : e] if e >= 0 else tb[k + 2 :])
                        t_ms = v if v > 100_000_000_000 else v * 1000
                    except ValueError:
                        t_ms = None
                if b"g:" in tb:
                    group = _tag_group(tb)
            if t_ms is None and clock_ms is not None and rate:
                t_ms = clock_ms + round((line_no - 1) * 1000.0 / rate)
            if s[:1] not in (b"!", b"$"):
                n_malformed += 1
                continue
            f = s.split(b",")
            if f[0][3:6] not in (b"VDM", b"VDO"):
                n_not_ais += 1
                continue
            if len(f) != 7:
                n_malformed += 1
                continue
            tail = f[6]
            if len(tail) < 4 or tail[1] != 42:  # '*'
                n_malformed += 1
                continue
            fill = tail[0] - 48
            try:
                cs = int(tail[2:4], 16)
                cnt = 1 if f[1] == b"1" else int(f[1])
                num = 1 if f[2] == b"1" else int(f[2])
            except ValueError:
                n_malformed += 1
                continue
            if not (1 <= cnt <= 9 and 1 <= num <= cnt and 0 <= fill <= 5):
                n_malformed += 1
                continue
            if tb is not None and self.check_checksum:
                star = tb.rfind(b"*")
                if star >= 0:
                    try:
                        tag_want.append(int(tb[star + 1 : star + 3], 16))
                    except ValueError:
                        n_tag_bad += 1
                        continue
                    tag_bodies.append(tb[:star])
                    tag_of.append(len(sent))
            bodies.append(s[1 : len(s) - len(tail) + 1])
            want_cs.append(cs)
            sent.append((f[5], f[4], cnt, num, f[3], fill, t_ms, group))
        self._line_no = line_no
        stats.lines = len(lines)
        for reason, n in (
            ("malformed", n_malformed),
            ("not_ais", n_not_ais),
            ("tag_block_checksum", n_tag_bad),
        ):
            if n:
                rej[reason] += n
        if self.check_checksum and bodies:
            ok = nmea_checksums(bodies) == np.asarray(want_cs, dtype=np.uint8)
        else:
            ok = np.ones(len(bodies), dtype=bool)
        tag_ok = np.ones(len(sent), dtype=bool)
        if tag_bodies:
            good = nmea_checksums(tag_bodies) == np.asarray(tag_want, dtype=np.uint8)
            tag_ok[np.asarray(tag_of)[~good]] = False
        n_tb = int((~tag_ok).sum())
        if n_tb:
            rej["tag_block_checksum"] += n_tb
        stats.sentences = len(sent) - n_tb
        # single sentences straight through; multi-part ones through the reassembly table
        payloads: list[bytes] = []
        fills: list[int] = []
        times: list[int | None] = []
        okl = ok.tolist()
        tagl = tag_ok.tolist()
        n_cs = 0
        for i, (payload, chan, cnt, num, seq, fill, t_ms, group) in enumerate(sent):
            if not tagl[i]:
                continue
            if not okl[i]:
                n_cs += 1
                continue
            if cnt == 1:
                payloads.append(payload)
                fills.append(fill)
                times.append(t_ms)
                continue
            done = self._reassemble(payload, chan, cnt, num, seq, fill, t_ms, group, rej)
            if done is not None:
                payloads.append(done[0])
                fills.append(done[1])
                times.append(done[2])
        if n_cs:
            rej["checksum"] += n_cs
        return self._decode(payloads, fills, times, stats)

    def finish(self) -> AisBatch:
        """End of stream: every multi-part message still waiting is ``missing_fragment``."""
        stats = DecodeStats()
        for entry in self._pending.values():
            stats.rejected["missing_fragment"] += entry[3]
        self._pending.clear()
        return AisBatch(positions=empty_positions(), statics=[], stats=stats)

    # -- internals ----------------------------------------------------------------------
    def _reassemble(
        self,
        payload: bytes,
        chan: bytes,
        cnt: int,
        num: int,
        seq: bytes,
        fill: int,
        t_ms: int | None,
        group: str | None,
        rej: Counter[str],
    ) -> tuple[bytes, int, int | None] | None:
        """Add one fragment; return (payload, fill bits, time) once a message is complete."""
        key: tuple[Any, ...] = ("g", group) if group is not None else ("s", seq, chan, cnt)
        entry = self._pending.get(key)
        if entry is None or num in entry[1]:  # new message (or the id was reused)
            if entry is not None:
                rej["missing_fragment"] += entry[3]
            entry = [t_ms, {}, cnt, 0]
            self._pending[key] = entry
            if len(self._pending) > _MAX_PENDING:
                oldest = next(iter(self._pending))
                rej["missing_fragment"] += self._pending.pop(oldest)[3]
        if entry[0] is None:
            entry[0] = t_ms
        entry[1][num] = (payload, fill)
        entry[3] += 1
        if len(entry[1]) < entry[2]:
            return None
        del self._pending[key]
        parts = entry[1]
        cnt = entry[2]
        return b"".join(parts[i][0] for i in range(1, cnt + 1)), parts[cnt][1], entry[0]

    def _decode(
        self,
        payloads: list[bytes],
        fills: list[int],
        times: list[int | None],
        stats: DecodeStats,
    ) -> AisBatch:
        rej = stats.rejected
        valid = payload_chars_valid(payloads)
        pos_idx: list[int] = []
        statics: list[dict[str, Any]] = []
        for i, p in enumerate(payloads):
            if not p:
                rej["empty_payload"] += 1
                continue
            if not valid[i]:
                rej["bad_payload_char"] += 1
                continue
            mtype = _TYPE_OF_CHAR.get(p[0], 0)
            if times[i] is None:
                rej["no_receive_time"] += 1
                continue
            if mtype in _POSITION_TYPES:
                if len(p) < POSITION_PAYLOAD_CHARS:
                    rej["truncated"] += 1
                else:
                    pos_idx.append(i)
                continue
            if not 1 <= mtype <= 27:
                rej["unknown_type"] += 1
                continue
            if mtype in _STATIC_TYPES:
                rec = _decode_static(p, fills[i], rej)
                if rec is not None:
                    rec["t_utc_ms"] = times[i]
                    statics.append(rec)
                continue
            stats.other_types[mtype] += 1
        positions = self._positions(pos_idx, payloads, times, rej)
        stats.positions = len(positions["mmsi"])
        stats.statics = len(statics)
        return AisBatch(positions=positions, statics=statics, stats=stats)

    @staticmethod
    def _positions(
        idx: list[int],
        payloads: list[bytes],
        times: list[int | None],
        rej: Counter[str],
    ) -> dict[str, NDArray[Any]]:
        if not idx:
            return empty_positions()
        d = decode_position_payloads([payloads[i] for i in idx])
        t = np.fromiter((times[i] for i in idx), dtype=np.int64, count=len(idx))  # type: ignore[misc]
        avail = d["position_available"]
        in_range = d["position_in_range"]
        n_na = int((~avail).sum())
        n_oor = int((avail & ~in_range).sum())
        if n_na:
            rej["position_not_available"] += n_na
        if n_oor:
            rej["position_out_of_range"] += n_oor
        keep = avail & in_range
        out = {
            "t_utc_ms": t[keep],
            "mmsi": d["mmsi"][keep],
            "msg_type": d["msg_type"][keep],
            "lat_deg": d["lat_deg"][keep],
            "lon_deg": d["lon_deg"][keep],
            "sog_kt": d["sog_kt"][keep],
            "cog_deg": d["cog_deg"][keep],
            "heading_deg": d["heading_deg"][keep],
            "nav_status": d["nav_status"][keep],
        }
        return out


def _clean_text(v: Any) -> str | None:
    if v is None:
        return None
    s = str(v).replace("@", " ").strip()
    return s or None


def _decode_static(payload: bytes, fill: int, rej: Counter[str]) -> dict[str, Any] | None:
    """Decode a type 5 or 24 payload with pyais into a :data:`STATIC_COLUMNS` dict."""
    import pyais

    # pyais's public entry point takes a sentence: wrap the reassembled payload in one
    # (pyais does not check the checksum by default; ours was checked per fragment)
    sentence = b"!AIVDM,1,1,,A," + payload + b"," + str(fill).encode() + b"*00"
    try:
        d = pyais.decode(sentence).asdict(enum_as_int=True)
    except Exception:  # pyais raises many kinds on a garbled payload
        rej["decode_error"] += 1
        return None
    mtype = int(d["msg_type"])
    need = 424 if mtype == 5 else 160
    if len(payload) * 6 - fill < need - 6:  # pyais fills missing bits with None/0
        rej["truncated"] += 1
        return None
    rec: dict[str, Any] = dict.fromkeys(STATIC_COLUMNS)
    rec["mmsi"] = int(d["mmsi"])
    rec["msg_type"] = mtype
    rec["name"] = _clean_text(d.get("shipname"))
    rec["call_sign"] = _clean_text(d.get("callsign"))
    imo = d.get("imo")
    rec["imo"] = int(imo) if imo else None
    st = d.get("ship_type")
    rec["ship_type"] = int(st) if st else None
    for src, dst in (
        ("to_bow", "to_bow_m"),
        ("to_stern", "to_stern_m"),
        ("to_port", "to_port_m"),
        ("to_starboard", "to_starboard_m"),
    ):
        v = d.get(src)
        rec[dst] = float(v) if v else None
    dr = d.get("draught")
    rec["draught_m"] = float(dr) if dr else None
    rec["destination"] = _clean_text(d.get("destination"))
    return rec
