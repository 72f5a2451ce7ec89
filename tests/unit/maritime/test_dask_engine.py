"""The Dask path gives the same events as the in-memory engine (LocalCluster, 2 workers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import arcticrecon.catalog  # noqa: F401 - import first: main's sources<->catalog import cycle
from arcticrecon.maritime.dask_engine import analyse_dask
from arcticrecon.maritime.engine import analyse
from arcticrecon.maritime.store import AisStore
from arcticrecon.sources.embedded import data_path

pytestmark = pytest.mark.xdist_group("dask_cluster")


@pytest.fixture(scope="module")
def client() -> Iterator[object]:
    from distributed import Client, LocalCluster

    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    c = Client(cluster)
    yield c
    c.close()
    cluster.close()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> AisStore:
    st = AisStore(tmp_path_factory.mktemp("ais") / "store")
    st.ingest_file(data_path("ais_synthetic_greenland.nmea.gz"))
    return st


def test_dask__same_events_as_in_memory(client: object, store: AisStore) -> None:
    ref = analyse(store)
    got = analyse_dask(store, scheduler=client)
    assert got.extra["dask_partitions"] >= 1
    key = [(e["event_id"], e["kind"], e["start_utc_ms"], e["end_utc_ms"]) for e in ref.events]
    assert [
        (e["event_id"], e["kind"], e["start_utc_ms"], e["end_utc_ms"]) for e in got.events
    ] == key
    assert got.clean.positions_out == ref.clean.positions_out
    assert got.synthetic is True
    assert {e["kind"] for e in got.events} >= {"gap", "encounter", "loitering", "port_visit"}


def test_dask__window_and_bad_scheduler(client: object, store: AisStore) -> None:
    from datetime import UTC, datetime

    from arcticrecon.errors import InputError

    t1, t2 = datetime(2026, 1, 20, tzinfo=UTC), datetime(2026, 1, 21, 12, tzinfo=UTC)
    ref = analyse(store, start_utc=t1, end_utc=t2)
    got = analyse_dask(store, start_utc=t1, end_utc=t2, scheduler=client)
    assert [e["event_id"] for e in got.events] == [e["event_id"] for e in ref.events]
    with pytest.raises(InputError, match="tcp://HOST:PORT"):
        analyse_dask(store, scheduler="udp://x")
