"""columns_csv: the same bytes as pandas' DataFrame.to_csv (the reference) on every path."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from arcticrecon.report.tables import columns_csv


def _pandas(cols: dict[str, np.ndarray]) -> str:
    return pd.DataFrame(cols).to_csv(index=False, lineterminator="\n")


PLAIN = {
    "icao": np.array(["BGSF", "BGTL", "BGAA"], dtype=object),
    "start": np.array(["2027-01-01T12:58:27Z", None, "2027-01-03T00:00:00Z"], dtype=object),
    "h": np.array([5.2118, np.nan, 0.0]),
    "tiny": np.array([1e-05, 1e16, -0.1]),
    "n": np.array([1, 22, -3]),
    "ok": np.array([True, False, True]),
}


@pytest.mark.parametrize(
    "extra",
    [
        {},  # the fast path: fields joined with commas
        {"note": np.array(["a, b", "x", "y"], dtype=object)},  # a comma: quoted
        {"note": np.array(['say "hi"', "x", "y"], dtype=object)},  # a quote: doubled
        {"note": np.array(["two\nlines", "x", "y"], dtype=object)},  # a line end
        {"note": np.array(["x", 3, float("nan")], dtype=object)},  # not a str, NaN
    ],
)
def test_columns_csv__same_bytes_as_pandas(extra) -> None:
    cols = {**PLAIN, **extra}
    assert columns_csv(cols) == _pandas(cols)


def test_columns_csv__single_column_and_no_rows() -> None:
    one = {"a": np.array(["", "x"], dtype=object)}  # csv quotes a lone empty field
    assert columns_csv(one) == _pandas(one)
    empty = {"a": np.array([], dtype=object), "b": np.array([], dtype=float)}
    assert columns_csv(empty) == _pandas(empty) == "a,b\n"


def test_columns_csv__datetime_column_refused() -> None:
    with pytest.raises(TypeError, match="'t'"):
        columns_csv({"t": np.array(["2027-01-01"], dtype="datetime64[D]")})


@pytest.mark.parametrize("fmt", ["%.6g", "%.2f", "%.3e"])
def test_columns_csv__float_format_as_pandas(fmt) -> None:
    cols = {**PLAIN, "x": np.array([np.inf, -0.0, 123456789.125])}
    ref = pd.DataFrame(cols).to_csv(index=False, lineterminator="\n", float_format=fmt)
    assert columns_csv(cols, fmt) == ref


def test_frame_columns__a_frame_written_as_pandas_writes_it() -> None:
    import datetime as dt

    from arcticrecon.report.tables import frame_columns

    frame = pd.DataFrame(
        {
            "name": pd.array(["BGSF", None, 'say "hi", twice'], dtype="string"),
            "plain": ["a", "b", None],  # pandas' default text dtype
            "day": [dt.date(2027, 1, 1), None, dt.date(2027, 12, 31)],
            "score": [0.840562123, np.nan, 1e-7],
            "rank": [1, 2, 3],
            "ok": [True, False, True],
        }
    )
    cols = frame_columns(frame)
    assert list(cols) == list(frame.columns)
    kw = {"index": False, "lineterminator": "\n", "float_format": "%.6g"}
    assert columns_csv(cols, "%.6g") == frame.to_csv(**kw)
    with pytest.raises(ValueError, match="duplicate"):
        frame_columns(pd.DataFrame([[1, 2]], columns=["a", "a"]))


def test_columns_csv__float64_text_is_numpys_on_random_bit_patterns() -> None:
    rng = np.random.default_rng(0)
    bits = rng.integers(0, 2**64, 200_000, dtype=np.uint64).view(np.float64)
    edge = [0.0, -0.0, 1e16, 9999999999999998.0, 1e-4, 9.999e-5, np.inf, -np.inf, 5e-324]
    x = np.concatenate([bits[np.isfinite(bits)], np.round(rng.uniform(0, 24, 1000), 4), edge])
    x32 = rng.normal(0, 1e3, x.size).astype(np.float32)  # float32 keeps numpy's own text
    cols = {"x": x, "y": x32}
    assert columns_csv(cols) == _pandas(cols)
