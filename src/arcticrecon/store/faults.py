"""Fault points: a test hook that makes the process die (``kill -9``) at a chosen point.

The fault tests (``tests/security/test_faults.py``) set ``ARCTICRECON_TEST_KILL_AT`` to
``POINT:N`` in a child process; the N-th time that process reaches ``fault_point(POINT)``
it sends itself ``SIGKILL``, exactly as ``kill -9`` from outside would, but at a known
place instead of a moment picked by timing. Without the variable a fault point is one
dictionary lookup in ``os.environ`` and does nothing.

Points (all inside a write transaction, after its rows are flushed, before the commit):

========================  ================================================================
``import.reports``        each transaction of whole reports of :func:`~arcticrecon.store.import_bundle`
``import.overrides``      each transaction of site overrides of an import
``write``                 every :meth:`~arcticrecon.store.Store.write` transaction
========================  ================================================================
"""

from __future__ import annotations

import os
import signal

__all__ = ["KILL_AT_ENV", "fault_point"]

#: Environment variable naming the point and the hit to die at, ``POINT`` or ``POINT:N``.
KILL_AT_ENV = "ARCTICRECON_TEST_KILL_AT"

_hits: dict[str, int] = {}


def fault_point(name: str) -> None:
    """Die with ``SIGKILL`` here if ``$ARCTICRECON_TEST_KILL_AT`` names this point and hit.

    Parameters
    ----------
    name : str
        The point, e.g. ``"import.reports"``. ``POINT`` alone means its first hit; a
        count that is not a positive integer also means the first.
    """
    spec = os.environ.get(KILL_AT_ENV)
    if not spec:
        return
    point, _, nth = spec.partition(":")
    if point.strip() != name:
        return
    _hits[name] = _hits.get(name, 0) + 1
    want = int(nth) if nth.strip().isdigit() and int(nth) > 0 else 1
    if _hits[name] == want:
        os.kill(os.getpid(), signal.SIGKILL)
