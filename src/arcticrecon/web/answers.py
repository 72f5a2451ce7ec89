"""Per-reader cache of finished answers of the map's layers, invalidated by the store.

The sites and findings layers are read on every map load and cost most of their CPU in
reading and filtering the store (overrides, reports, attachments and authors, each
filtered with :func:`arcticrecon.survey.can_read`) and serialising the result. Their
answer depends on

* who reads: the :class:`~arcticrecon.survey.Reader` (nation, clearance, level list,
  person, name) and the login: both are part of the key, so a reader never gets an
  answer built for another reader or for their own former attributes;
* what the store holds: every committed change to any table of the store, by any
  process (the CLI, a sync import, another server), bumps the store generation
  (:mod:`arcticrecon.store.generation`, triggers of migration 0005). Each request reads
  the generation first (one indexed query), then reads the data only on a miss; an
  entry is used only when its generation equals the one just read. Reading the
  generation *before* the data means an entry is never older than its generation: a
  change committed in between gives a newer answer under the older number, which the
  next request's number replaces;
* what the app serves: the catalogue and mission objects in force (a test or an admin
  may swap them) and the route's parameters (plan run id: a finished run never changes).

A store whose every table does not carry the triggers (an older schema, a table rebuilt
without them) is never cached: :meth:`AnswerCache.enabled` checks once per app.
Entries are bounded (least recently used dropped first).
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING

from arcticrecon.store.generation import read_generation, triggers_complete

if TYPE_CHECKING:
    from arcticrecon.web.policy import PolicyView
    from arcticrecon.web.state import AppState

__all__ = ["AnswerCache", "cached_answer"]

log = logging.getLogger(__name__)


class AnswerCache:
    """Answers (bytes) per (route key, login, reader), valid for one store generation.

    Parameters
    ----------
    state : AppState
        Its store is read for the generation; its catalogue and mission objects are part
        of every key.
    max_entries : int
        Entries kept (least recently used dropped first).
    """

    def __init__(self, state: AppState, *, max_entries: int = 128) -> None:
        self._state = state
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[int, object, object, bytes]] = OrderedDict()
        self._enabled: bool | None = None
        self.hits = 0
        self.misses = 0

    def enabled(self) -> bool:
        """Whether the store carries the generation counter and all its triggers (once)."""
        if self._enabled is None:
            with self._state.store.engine.connect() as conn:
                ok = triggers_complete(conn)
            if not ok:
                log.warning("store lacks generation triggers: map answers are not cached")
            self._enabled = ok
        return self._enabled

    def generation(self) -> int | None:
        """The store generation now (``None``: caching is off)."""
        if not self.enabled():
            return None
        with self._state.store.engine.connect() as conn:
            return read_generation(conn)

    def answer(self, key: Hashable, view: PolicyView, build: Callable[[], bytes]) -> bytes:
        """The cached answer of ``key`` for ``view``'s reader, or ``build()`` (then kept).

        ``build`` reads the store through ``view`` (after this method read the
        generation) and returns the answer's bytes.
        """
        gen = self.generation()
        if gen is None:
            return build()
        st = self._state
        full = (key, view.user.id, view.reader)
        with self._lock:
            hit = self._entries.get(full)
            if hit is not None and hit[0] == gen and hit[1] is st.catalog and hit[2] is st.mission:
                self._entries.move_to_end(full)
                self.hits += 1
                return hit[3]
        catalog, mission = st.catalog, st.mission
        body = build()
        with self._lock:
            self.misses += 1
            old = self._entries.get(full)
            if old is None or old[0] <= gen:  # never replace a newer generation's entry
                self._entries[full] = (gen, catalog, mission, body)
                self._entries.move_to_end(full)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return body


_lock = threading.Lock()


def cached_answer(
    state: AppState, key: Hashable, view: PolicyView, build: Callable[[], bytes]
) -> bytes:
    """:meth:`AnswerCache.answer` of the app's cache (made on first use)."""
    cache = state.cache.get("answers")
    if cache is None:
        with _lock:
            cache = state.cache.setdefault("answers", AnswerCache(state))
    assert isinstance(cache, AnswerCache)
    return cache.answer(key, view, build)
