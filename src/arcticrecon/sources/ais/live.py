"""A live AIS feed from a receiver: NMEA lines over UDP or TCP, handed on in batches.

``udp://HOST:PORT`` binds a UDP socket there and takes each datagram's lines (receivers
such as AIS-catcher or rtl-ais push NMEA over UDP). ``tcp://HOST:PORT`` connects to a
receiver that serves NMEA over TCP. Lines are collected and handed to a callback every
``flush_s`` seconds or ``flush_lines`` lines, whichever comes first. The callback runs on
its own thread, so the socket is drained while a batch is decoded and stored (a UDP
sender does not wait: a socket left unread drops datagrams); the receive buffer is
enlarged to 4 MiB for bursts. When the stop event is set (SIGINT/SIGTERM in the command
line) the lines received so far — including a last line without its newline — are handed
on and the callback thread is joined before returning, so nothing received is lost.
"""

from __future__ import annotations

import logging
import queue
import select
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from arcticrecon.errors import InputError

__all__ = ["FeedAddress", "listen", "parse_feed_url"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FeedAddress:
    """A receiver address: ``scheme`` ``udp``/``tcp``, ``host``, ``port``."""

    scheme: str
    host: str
    port: int


def parse_feed_url(url: str) -> FeedAddress:
    """Parse ``udp://HOST:PORT`` or ``tcp://HOST:PORT``.

    Raises
    ------
    InputError
        Another scheme, no host, or a port outside 1-65535.

    Examples
    --------
    >>> parse_feed_url("udp://127.0.0.1:10110")
    FeedAddress(scheme='udp', host='127.0.0.1', port=10110)
    """
    try:
        u = urlsplit(url)
        port = u.port
    except ValueError:
        port, u = None, urlsplit("")
    if u.scheme not in ("udp", "tcp") or not u.hostname or port is None or not 0 < port < 65536:
        raise InputError(
            f"feed {url!r} is not udp://HOST:PORT or tcp://HOST:PORT (port 1-65535)",
            field="url",
            value=url,
        )
    return FeedAddress(u.scheme, u.hostname, int(port))


def listen(
    url: str,
    on_batch: Callable[[list[bytes]], None],
    *,
    stop: threading.Event,
    flush_s: float = 10.0,
    flush_lines: int = 10_000,
    poll_s: float = 0.2,
    on_ready: Callable[[FeedAddress], None] | None = None,
) -> int:
    """Receive NMEA lines until ``stop`` is set; hand them on in batches.

    Parameters
    ----------
    url : str
        ``udp://HOST:PORT`` (bind) or ``tcp://HOST:PORT`` (connect).
    on_batch : callable
        Called with each batch of lines (bytes, without line ends), also with the last one.
    stop : threading.Event
        Set to stop (the lines received so far are flushed first).
    flush_s : float
        Longest time between two batches. [s]
    flush_lines : int
        Largest batch. [lines]
    poll_s : float
        How often ``stop`` is checked while the feed is quiet. [s]
    on_ready : callable, optional
        Called once the socket is bound/connected (tests wait for it).

    Returns
    -------
    int
        Lines received.

    Raises
    ------
    InputError
        Bad URL, address in use, or the TCP receiver refuses the connection.
    """
    addr = parse_feed_url(url)
    try:
        if addr.scheme == "udp":
            sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
            sock.bind((addr.host, addr.port))
        else:
            sock = socket.create_connection((addr.host, addr.port), timeout=5.0)
    except OSError as err:
        raise InputError(
            f"cannot open the feed {url}: {err.strerror or err}", field="url", value=url
        ) from None
    work: queue.Queue[list[bytes] | None] = queue.Queue()
    failure: list[BaseException] = []

    def worker() -> None:
        while (batch := work.get()) is not None:
            if failure:
                continue
            try:
                on_batch(batch)
            except BaseException as err:  # re-raised on the receiving thread
                failure.append(err)
                stop.set()

    th = threading.Thread(target=worker, name="ais-feed-store", daemon=True)
    th.start()
    log.info("AIS feed %s open (%s)", url, "bound" if addr.scheme == "udp" else "connected")
    if on_ready is not None:
        on_ready(addr)
    pending: list[bytes] = []
    partial = b""
    total = 0
    last = time.monotonic()
    closed = False
    try:
        while not stop.is_set() and not closed:
            ready, _, _ = select.select([sock], [], [], poll_s)
            if ready:
                data = sock.recv(65536)
                if not data and addr.scheme == "tcp":
                    closed = True  # receiver hung up: flush and return
                buf = partial + data
                lines = buf.split(b"\n")
                partial = lines.pop()
                if addr.scheme == "udp" and partial:
                    lines.append(partial)  # a datagram ends its last line
                    partial = b""
                got = [ln.rstrip(b"\r") for ln in lines if ln.strip()]
                pending += got
                total += len(got)
            if pending and (len(pending) >= flush_lines or time.monotonic() - last >= flush_s):
                work.put(pending)
                pending, last = [], time.monotonic()
    finally:
        # drain what the kernel already holds for us (received, not yet read) before closing
        sock.setblocking(False)
        while True:
            try:
                data = sock.recv(65536)
            except (BlockingIOError, InterruptedError, OSError):
                break
            if not data:
                break
            lines = (partial + data).split(b"\n")
            partial = lines.pop()
            if addr.scheme == "udp" and partial:
                lines.append(partial)
                partial = b""
            got = [ln.rstrip(b"\r") for ln in lines if ln.strip()]
            pending += got
            total += len(got)
        sock.close()
        if partial.strip():
            pending.append(partial.rstrip(b"\r"))
            total += 1
        if pending:
            work.put(pending)
        work.put(None)
        th.join()
    log.info("AIS feed %s closed: %d lines received", url, total)
    if failure:
        raise failure[0]
    return total
