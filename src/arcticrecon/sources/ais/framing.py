"""NMEA framing of a whole block of lines at once (Arrow regular expressions + NumPy).

One RE2 expression (``pyarrow.compute.extract_regex``) splits every line into tag block,
sentence fields and checksum in C++; the checksums of the sentences and tag blocks are
XOR-reduced over Arrow's string buffers with NumPy. Only the lines the expression does
not match (to tell "not AIS" from "malformed") and the fragments of multi-part messages
go through Python. :class:`~arcticrecon.sources.ais.nmea.NmeaDecoder` uses this.

Formats: IEC 61162-1 §8.3.95/96 (VDM/VDO), NMEA 0183 v4.0 tag blocks (``c:`` receive
time in UNIX seconds or milliseconds, ``g:`` sentence group); see
:mod:`arcticrecon.sources.ais.nmea`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["Framed", "frame_block", "string_buffers"]

# one VDM/VDO sentence, optionally after a tag block; single digits where IEC 61162-1 has
# them (fragment count and number 1-9, fill bits 0-5)
_LINE = (
    r"^\s*(?:\\(?P<tag>[^\\]*)\\)?[!$](?P<body>[A-Za-z]{2}VD[MO],(?P<cnt>\d),(?P<num>\d),"
    r"(?P<seq>\d?),(?P<chan>[^,]*),(?P<payload>[^,]*),(?P<fill>\d))\*(?P<cs>[0-9A-Fa-f]{2})\s*$"
)
_TAG_CS = r"^(?P<tb>[^*]*)\*(?P<tcs>[0-9A-Fa-f]{2})"
_TAG_C = r"(?:^|,)c:(?P<c>\d{1,13})(?:[,*]|$)"
_TAG_G = r"(?:^|,)g:\d+-\d+-(?P<g>[^,*]+)"
_HEX = np.full(256, 255, dtype=np.uint8)
for _i, _ch in enumerate(b"0123456789ABCDEF"):
    _HEX[_ch] = _i
for _i, _ch in enumerate(b"abcdef"):
    _HEX[_ch] = 10 + _i


def string_buffers(arr: Any) -> tuple[NDArray[np.int64], NDArray[np.uint8]]:
    """(offsets of length n+1, data bytes) of a pyarrow string array without nulls."""
    import pyarrow as pa

    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    n = len(arr)
    bufs = arr.buffers()
    offs = np.frombuffer(bufs[1], dtype=np.int32)[arr.offset : arr.offset + n + 1].astype(np.int64)
    data = np.frombuffer(bufs[2], dtype=np.uint8) if bufs[2] is not None else np.zeros(0, np.uint8)
    return offs, data


def _xor_segments(offs: NDArray[np.int64], data: NDArray[np.uint8]) -> NDArray[np.uint8]:
    n = len(offs) - 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint8)
    buf = np.append(data[: offs[-1]], np.uint8(0))
    out = np.bitwise_xor.reduceat(buf, offs[:-1])
    out[offs[1:] == offs[:-1]] = 0
    return out.astype(np.uint8)


def _hex2(arr: Any) -> NDArray[np.int16]:
    offs, data = string_buffers(arr)
    hi = _HEX[data[offs[:-1]]].astype(np.int16)
    lo = _HEX[data[offs[:-1] + 1]].astype(np.int16)
    return hi * 16 + lo


def _digit(arr: Any) -> NDArray[np.int8]:
    offs, data = string_buffers(arr)
    return (data[offs[:-1]].astype(np.int16) - 48).astype(np.int8)


@dataclass
class Framed:
    """A framed block: accepted single-part sentences as columns, fragments as tuples.

    Attributes
    ----------
    n_lines : int
    n_sentences : int
        Well-formed AIS sentences (fragments counted), before checksum checks.
    rejected : Counter
        ``malformed``, ``not_ais``, ``tag_block_checksum``, ``checksum`` counts.
    payload : pyarrow.StringArray
        Payloads of the accepted single-part sentences.
    fill : ndarray of int8
    t_ms : ndarray of int64
        Receive time [ms since 1970 UTC], -1 where none.
    fragments : list of tuple
        ``(payload, channel, count, number, sequence id, fill, t_ms or None, group or None)``
        of accepted multi-part fragments, in line order.
    """

    n_lines: int
    n_sentences: int
    rejected: Counter[str]
    payload: Any
    fill: NDArray[np.int8]
    t_ms: NDArray[np.int64]
    fragments: list[tuple[bytes, bytes, int, int, bytes, int, int | None, str | None]] = field(
        default_factory=list
    )


def _classify_unmatched(texts: list[str], rej: Counter[str]) -> None:
    for t in texts:
        s = t.strip()
        if not s or s[0] == "#":
            continue
        if s[0] == "\\":
            j = s.find("\\", 1)
            if j < 0:
                rej["malformed"] += 1
                continue
            s = s[j + 1 :]
        if s[:1] not in ("!", "$") or s[3:6] in ("VDM", "VDO") or len(s) < 6:
            rej["malformed"] += 1
        else:
            rej["not_ais"] += 1


def frame_block(
    block: bytes,
    *,
    line_no0: int,
    clock_ms: int | None,
    rate_hz: float | None,
    check_checksum: bool = True,
) -> Framed:
    r"""Frame a block of NMEA lines (``\n``-separated; a final newline is optional).

    Parameters
    ----------
    block : bytes
    line_no0 : int
        Lines before this block in the stream (for the ``start + i / rate`` clock).
    clock_ms, rate_hz : optional
        Receive time of line 0 of the stream [ms] and lines per second, for lines without
        a tag-block time.
    check_checksum : bool

    Returns
    -------
    Framed
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    text = block.decode("ascii", "replace")
    if text.endswith("\n"):
        text = text[:-1]
    rej: Counter[str] = Counter()
    if not text:
        empty = pa.array([], type=pa.string())
        return Framed(
            0 if not block else 1, 0, rej, empty, np.zeros(0, np.int8), np.zeros(0, np.int64)
        )
    lines = pc.split_pattern(pa.array([text]), "\n").flatten()
    n_lines = len(lines)
    m = pc.extract_regex(lines, _LINE)
    matched = np.asarray(m.is_valid())
    if not matched.all():
        un = np.flatnonzero(~matched)
        _classify_unmatched(lines.take(pa.array(un)).to_pylist(), rej)
    rows = np.flatnonzero(matched)
    mm = m.filter(pa.array(matched))
    cnt = _digit(mm.field("cnt"))
    num = _digit(mm.field("num"))
    fill = _digit(mm.field("fill"))
    ok = (cnt >= 1) & (num >= 1) & (num <= cnt) & (fill <= 5)
    n_bad = int((~ok).sum())
    if n_bad:
        rej["malformed"] += n_bad
    n_sent = int(ok.sum())
    # receive times from the tag blocks, else the start/rate clock
    tag = mm.field("tag")
    has_tag = np.asarray(tag.is_valid())
    t_ms = np.full(len(rows), -1, dtype=np.int64)
    tag_ok = np.ones(len(rows), dtype=bool)
    group: list[str | None] | None = None
    if has_tag.any():
        cs_ = pc.extract_regex(tag, _TAG_C)
        c = pc.if_else(cs_.is_valid(), cs_.field("c"), pa.scalar("-1"))
        cv = np.asarray(pc.fill_null(pc.cast(c, pa.int64()), -1))
        t_ms = np.where(cv > 100_000_000_000, cv, np.where(cv >= 0, cv * 1000, -1))
        if check_checksum:
            tcs = pc.extract_regex(tag, _TAG_CS)
            has_cs = np.asarray(tcs.is_valid())
            if has_cs.any():
                tb = pc.fill_null(tcs.field("tb"), "")
                want = np.full(len(rows), -1, dtype=np.int16)
                want[has_cs] = _hex2(tcs.field("tcs").filter(pa.array(has_cs)))
                got = _xor_segments(*string_buffers(tb)).astype(np.int16)
                tag_ok = ~has_cs | (got == want)
        if (cnt > 1).any() and pc.any(pc.match_substring(tag, "g:")).as_py():
            gs = pc.extract_regex(tag, _TAG_G)
            group = [
                g if ok_ else None
                for g, ok_ in zip(
                    gs.field("g").to_pylist(), np.asarray(gs.is_valid()).tolist(), strict=True
                )
            ]
    if clock_ms is not None and rate_hz:
        clock = clock_ms + np.round((line_no0 + rows) * 1000.0 / rate_hz).astype(np.int64)
        t_ms = np.where(t_ms >= 0, t_ms, clock)
    tag_bad = ok & ~tag_ok
    if tag_bad.any():
        rej["tag_block_checksum"] += int(tag_bad.sum())
    if check_checksum:
        want = _hex2(mm.field("cs"))
        got = _xor_segments(*string_buffers(mm.field("body"))).astype(np.int16)
        cs_bad = ok & tag_ok & (got != want)
        if cs_bad.any():
            rej["checksum"] += int(cs_bad.sum())
        good = ok & tag_ok & ~cs_bad
    else:
        good = ok & tag_ok
    single = good & (cnt == 1)
    payload = mm.field("payload").filter(pa.array(single))
    frags: list[tuple[bytes, bytes, int, int, bytes, int, int | None, str | None]] = []
    multi = np.flatnonzero(good & (cnt > 1))
    if len(multi):
        sel = pa.array(multi)
        pl = mm.field("payload").take(sel).to_pylist()
        ch = mm.field("chan").take(sel).to_pylist()
        sq = mm.field("seq").take(sel).to_pylist()
        for k, i in enumerate(multi.tolist()):
            frags.append(
                (
                    pl[k].encode("ascii", "replace"),
                    ch[k].encode("ascii", "replace"),
                    int(cnt[i]),
                    int(num[i]),
                    sq[k].encode("ascii"),
                    int(fill[i]),
                    int(t_ms[i]) if t_ms[i] >= 0 else None,
                    group[i] if group is not None else None,
                )
            )
    return Framed(
        n_lines=n_lines,
        n_sentences=n_sent - int(tag_bad.sum()),
        rejected=rej,
        payload=payload,
        fill=fill[single],
        t_ms=t_ms[single],
        fragments=frags,
    )
