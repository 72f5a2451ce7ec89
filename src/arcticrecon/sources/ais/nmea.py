r"""NMEA 0183 AIS streams: tag blocks, checksums, multi-part reassembly, per-reason counts.

:class:`NmeaDecoder` turns lines of a recording or a live feed into columns of position
reports and a list of static/voyage reports, a batch at a time. It never raises on a bad
sentence: each one is counted under a reason (:data:`REJECT_REASONS`) and dropped, so a
bad sentence is never plotted.

Formats
-------
- Sentences ``!AIVDM``/``!AIVDO`` (IEC 61162-1:2016 §8.3.95/96): ``!AIVDM,<fragments>,
  <fragment no>,<sequence id>,<channel>,<payload>,<fill bits>*<checksum>``.
- NMEA 4.0 tag blocks (IEC 61162-450 / NMEA 0183 v4.0 §7.4):
  ``\c:1768809600,s:rec01*5B\!AIVDM,...``; ``c:`` is the receive time in UNIX seconds
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
from functools import lru_cache
from typing import Any

import numpy as np
from numpy.typing import NDArray

from arcticrecon.sources.ais.bits import (
    POSITION_PAYLOAD_CHARS,
    decode_position_chars,
    decode_position_payloads,
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
        """Decode a batch of lines (bytes or str, with or without line ends).

        Parameters
        ----------
        lines : list of bytes or str

        Returns
        -------
        AisBatch
            The complete messages of this batch (a multi-part message whose last part is in
            a later batch comes out with that batch).
        """
        raw = [ln.encode("ascii", "replace") if isinstance(ln, str) else ln for ln in lines]
        return self.feed_block(b"\n".join(ln.rstrip(b"\r\n") for ln in raw))

    def feed_block(self, block: bytes) -> AisBatch:
        r"""Decode a block of ``\n``-separated lines (a file read in large pieces).

        Parameters
        ----------
        block : bytes
            Whole lines; a final newline is optional.

        Returns
        -------
        AisBatch
        """
        from arcticrecon.sources.ais.framing import frame_block

        fr = frame_block(
            block,
            line_no0=self._line_no,
            clock_ms=self.start_ms,
            rate_hz=self.rate_hz,
            check_checksum=self.check_checksum,
        )
        self._line_no += fr.n_lines
        stats = DecodeStats(lines=fr.n_lines, sentences=fr.n_sentences)
        stats.rejected.update(fr.rejected)
        rej = stats.rejected
        # multi-part fragments through the reassembly table (Python; a few per cent)
        payloads: list[bytes] = []
        fills: list[int] = []
        times: list[int | None] = []
        for payload, chan, cnt, num, seq, fill, t_ms, group in fr.fragments:
            done = self._reassemble(payload, chan, cnt, num, seq, fill, t_ms, group, rej)
            if done is not None:
                payloads.append(done[0])
                fills.append(done[1])
                times.append(done[2])
        multi = self._decode(payloads, fills, times, DecodeStats())
        single = self._decode_singles(fr, stats)
        stats.add(multi.stats)
        stats.lines, stats.sentences = fr.n_lines, fr.n_sentences
        positions = {
            k: np.concatenate([single.positions[k], multi.positions[k]]) for k in POSITION_COLUMNS
        }
        statics = single.statics + multi.statics
        stats.positions = len(positions["mmsi"])
        stats.statics = len(statics)
        return AisBatch(positions=positions, statics=statics, stats=stats)

    def _decode_singles(self, fr: Any, stats: DecodeStats) -> AisBatch:
        """Vectorised :meth:`_decode` of the single-part sentences of a framed block."""
        from arcticrecon.sources.ais.framing import string_buffers

        rej = stats.rejected
        offs, data = string_buffers(fr.payload)
        start = offs[:-1]
        length = offs[1:] - start
        n = len(start)
        if n == 0:
            return AisBatch(positions=empty_positions(), statics=[], stats=DecodeStats())
        table = np.zeros(256, dtype=bool)
        table[48:88] = True
        table[96:120] = True
        cum = np.concatenate([[0], np.cumsum(~table[data[: offs[-1]]])])
        bad_char = (cum[offs[1:]] - cum[start]) > 0
        empty = length == 0
        first = np.where(empty, 48, np.append(data, np.uint8(48))[np.minimum(start, len(data))])
        six = first.astype(np.int16) - 48
        mtype = np.where(six > 40, six - 8, six)
        no_time = fr.t_ms < 0
        is_pos = np.isin(mtype, (1, 2, 3, 18))
        live = ~empty & ~bad_char & ~no_time
        pos = live & is_pos & (length >= POSITION_PAYLOAD_CHARS)
        trunc = live & is_pos & (length < POSITION_PAYLOAD_CHARS)
        unknown = live & ~is_pos & ((mtype < 1) | (mtype > 27))
        static = live & np.isin(mtype, (5, 24))
        other = live & ~is_pos & ~unknown & ~static
        for reason, mask in (
            ("empty_payload", empty),
            ("bad_payload_char", ~empty & bad_char),
            ("no_receive_time", ~empty & ~bad_char & no_time),
            ("truncated", trunc),
            ("unknown_type", unknown),
        ):
            k = int(mask.sum())
            if k:
                rej[reason] += k
        if other.any():
            for t, k in zip(*np.unique(mtype[other], return_counts=True), strict=True):
                stats.other_types[int(t)] += int(k)
        statics: list[dict[str, Any]] = []
        for i in np.flatnonzero(static).tolist():
            p = data[start[i] : start[i] + length[i]].tobytes()
            rec = _decode_static(p, int(fr.fill[i]), rej)
            if rec is not None:
                rec["t_utc_ms"] = int(fr.t_ms[i])
                statics.append(rec)
        idx = np.flatnonzero(pos)
        if len(idx) == 0:
            return AisBatch(positions=empty_positions(), statics=statics, stats=DecodeStats())
        chars = data[start[idx][:, None] + np.arange(POSITION_PAYLOAD_CHARS)]
        positions = _keep_positions(decode_position_chars(chars), fr.t_ms[idx], rej)
        return AisBatch(positions=positions, statics=statics, stats=DecodeStats())

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
        t = np.fromiter((times[i] for i in idx), dtype=np.int64, count=len(idx))
        return _keep_positions(d, t, rej)


def _keep_positions(
    d: dict[str, NDArray[Any]], t: NDArray[np.int64], rej: Counter[str]
) -> dict[str, NDArray[Any]]:
    """Position columns of decoded reports, without the unavailable/out-of-range ones."""
    avail = d["position_available"]
    in_range = d["position_in_range"]
    n_na = int((~avail).sum())
    n_oor = int((avail & ~in_range).sum())
    if n_na:
        rej["position_not_available"] += n_na
    if n_oor:
        rej["position_out_of_range"] += n_oor
    keep = avail & in_range
    return {
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


def _clean_text(v: Any) -> str | None:
    if v is None:
        return None
    s = str(v).replace("@", " ").strip()
    return s or None


def _decode_static(payload: bytes, fill: int, rej: Counter[str]) -> dict[str, Any] | None:
    """Decode a type 5 or 24 payload with pyais into a :data:`STATIC_COLUMNS` dict.

    A vessel repeats the same static report every few minutes, so each distinct payload
    is decoded once (:func:`_static_fields`, an LRU cache) and copied.
    """
    status, fields = _static_fields(payload, fill)
    if status:
        rej[status] += 1
        return None
    return dict(fields)


@lru_cache(maxsize=65_536)
def _static_fields(payload: bytes, fill: int) -> tuple[str, tuple[tuple[str, Any], ...]]:
    """("", fields) of a static payload, or (reject reason, ()) when it cannot be used."""
    import pyais

    # pyais's public entry point takes a sentence: wrap the reassembled payload in one
    # (pyais does not check the checksum by default; ours was checked per fragment)
    sentence = b"!AIVDM,1,1,,A," + payload + b"," + str(fill).encode() + b"*00"
    try:
        # values of mixed types per field (pyais types them as a union)
        d: dict[str, Any] = pyais.decode(sentence).asdict(enum_as_int=True)
    except Exception:  # pyais raises many kinds on a garbled payload
        return "decode_error", ()
    mtype = int(d["msg_type"])
    need = 424 if mtype == 5 else 160
    if len(payload) * 6 - fill < need - 6:  # pyais fills missing bits with None/0
        return "truncated", ()
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
    return "", tuple(rec.items())
