"""defer_dask_array_import: no dask.array import for numpy data; dask arrays still recognised."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytest.importorskip("dask.array")


def _fresh(code: str) -> None:
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr[-2000:]


def test_numpy_datasets_do_not_import_dask_array() -> None:
    _fresh(
        "import sys\n"
        "import numpy as np, xarray as xr\n"
        "from arcticrecon._xarray_dask import defer_dask_array_import\n"
        "assert defer_dask_array_import()\n"
        "ds = xr.Dataset({'a': (('x',), np.arange(3.0))}, coords={'x': [1, 2, 3]})\n"
        "assert float(ds['a'].sel(x=2)) == 1.0 and float((ds.a * 2).sum()) == 6.0\n"
        "assert 'dask.array' not in sys.modules\n"
        "assert 'dask' not in sys.modules  # no dask.base either (is_dask_collection)\n"
        "assert not defer_dask_array_import()  # installed once\n"
    )


def test_without_the_stand_in_xarray_imports_dask_array() -> None:
    # the cost the stand-in avoids: a plain numpy Dataset imports dask.array
    _fresh(
        "import sys\n"
        "import numpy as np, xarray as xr\n"
        "xr.Dataset({'a': (('x',), np.arange(3.0))})\n"
        "assert 'dask.array' in sys.modules\n"
    )


def test_dask_arrays_are_dask_arrays_after_dask_array_is_imported() -> None:
    _fresh(
        "import numpy as np, xarray as xr\n"
        "from arcticrecon._xarray_dask import defer_dask_array_import\n"
        "assert defer_dask_array_import()\n"
        "xr.Dataset({'a': (('x',), np.arange(3.0))})\n"
        "import dask, dask.array as da\n"
        "from packaging.version import Version\n"
        "from xarray.namedarray.pycompat import array_type, mod_version\n"
        "v = xr.DataArray(da.zeros(4, chunks=2), dims='x')\n"
        "assert isinstance(v.data, da.Array) and v.chunks == ((2, 2),)\n"
        "assert array_type('dask') == (da.Array,)\n"
        "assert mod_version('dask') == Version(dask.__version__)\n"
        "m = np.ma.masked_array(np.arange(4.0), mask=[0, 1, 0, 0])\n"
        "mm = xr.DataArray(da.from_array(m, chunks=2), dims='x')\n"
        "assert np.isnan(mm.values[1]) and mm.values[0] == 0.0  # the masked dask path\n"
        "from xarray.namedarray.utils import is_dask_collection, is_duck_dask_array\n"
        "assert is_dask_collection(v) and is_dask_collection(v.data)\n"
        "assert is_duck_dask_array(da.zeros(3))\n"
        "assert not is_dask_collection(xr.DataArray(np.zeros(2)))  # has __dask_graph__: None\n"
        "assert not is_dask_collection(np.zeros(2)) and not is_dask_collection(da.Array)\n"
    )


def test_without_the_collection_check_a_dataset_imports_dask_base() -> None:
    # the cost the collection check avoids: converting an index asks dask.base
    _fresh(
        "import sys\n"
        "import numpy as np, xarray as xr\n"
        "from xarray.namedarray import utils\n"
        "from arcticrecon._xarray_dask import defer_dask_array_import\n"
        "assert defer_dask_array_import()\n"
        "utils.is_dask_collection = utils.is_dask_collection.__wrapped__  # xarray's own\n"
        "xr.Dataset({'a': (('x',), np.arange(3.0))}, coords={'x': [1, 2, 3]})\n"
        "assert 'dask.base' in sys.modules and 'dask.array' not in sys.modules\n"
    )
