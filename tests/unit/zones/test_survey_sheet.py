"""The printable survey sheet: marking top and bottom (and on every PDF page), verdicts
with reasons, corner coordinates, sources."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from arcticrecon.catalog import get_aircraft
from arcticrecon.report.survey_sheet import SheetMeta, render_survey_sheet, sheet_file_stem
from arcticrecon.survey import Marking
from arcticrecon.testing import require_tool
from arcticrecon.zones import assess, read_survey


@pytest.fixture()
def lz(strip, base):
    c = strip(67.0, -50.7, 97.0, 1000.0, 18.0)
    return read_survey(
        {
            **base,
            "form": "lz",
            "name": "Søndre LZ 2",
            "position": "67°00'N 50°42'W",
            "corners": c,
            "surface": "semi_prepared",
            "longitudinal_slope_pct": 1.0,
            "transverse_slope_pct": 1.5,
        }
    )


def test_sheet__marking_twice_reason_corners_sources(lz):
    a = assess(lz, [get_aircraft("C-130J-30"), get_aircraft("A400M")])
    page = render_survey_sheet(
        lz, a, Marking("RESTRICTED", ("DNK", "BEL")), meta=SheetMeta(report_id="1234abcd-x")
    )
    assert page.count('class="marking"') == 2
    assert page.count("RESTRICTED REL TO DNK, BEL") >= 3  # banners + title (+ @page rules)
    assert "width 18.0 m &lt; 18.3 m required by C-130J-30 for semi-prepared" in page
    assert "22WEV1308031411" in page  # MGRS of corner 1 (67.0 N, 50.7 W), mgrs package
    assert "DAFMAN 13-217" in page and "Table 4.1" in page
    assert "Søndre LZ 2" in page and "surveyed by Team North on 2026-02-03" in page
    assert "<script" not in page and "http://" not in page.split("</style>")[1].split("<body>")[0]


def test_sheet__unsaved_draft_is_flagged(lz):
    page = render_survey_sheet(lz, assess(lz, []), None)
    assert "DRAFT — NOT STORED, NOT MARKED" in page and "not stored" in page


def test_sheet_file_stem(lz):
    assert sheet_file_stem(lz, "1234abcd-ffff") == "survey-lz-søndre-lz-2-1234abcd"


@pytest.mark.usefixtures("pdf_libraries")
def test_sheet__pdf_has_the_marking_on_every_page(lz, tmp_path: Path):
    from arcticrecon.report.pdf import write_pdf

    a = assess(lz, [get_aircraft(k) for k in ("C-130J-30", "A400M", "C-17", "DHC-6", "C-295")])
    pdf = write_pdf(
        render_survey_sheet(lz, a, Marking("RESTRICTED", ("DNK", "BEL"))), tmp_path / "s.pdf"
    )
    assert pdf.read_bytes().startswith(b"%PDF-")
    tool = require_tool("pdftotext", debian="poppler-utils")
    pages = subprocess.run(
        [tool, str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2
    for p in pages:
        assert p.count("RESTRICTED REL TO DNK, BEL") >= 2, p[:200]


def test_sheet__every_form_renders_its_details(strip, base):
    c = strip(67.2, -50.2, 40.0, 650.0 * 0.9144, 420.0 * 0.9144)
    forms = {
        "dz": {
            "form": "dz",
            "position": strip(67.2, -50.2, 40.0, 300.0, 190.0)[2],
            "corners": c,
            "run_in_heading_deg": 40.0,
            "surface": "snow",
            "deliveries": [{"method": "cds", "count": 5}],
        },
        "ice": {
            "form": "ice",
            "position": c[0],
            "corners": c,
            "ice_type": "sea",
            "thickness_grid": {"spacing_m": 50, "clear_ice_cm": [[100, 90], [95, 120]]},
        },
        "port": {
            "form": "port",
            "position": "70.67, -52.12",
            "quay_length_m": 120,
            "depth_alongside_m": 6.5,
            "ice_at_quay": {"jan": "fast"},
            "vessels": [{"name": "Deep", "draught_m": 7.2, "length_m": 100}],
            "beach": {"gradient_1_in": 30, "surface": "gravel"},
        },
        "hlz": {
            "form": "hlz",
            "position": "67.1, -50.1",
            "touchdown_diameter_m": 110,
            "ground_slope_deg": 9,
            "surface": "gravel",
        },
    }
    expect = {
        "dz": [
            "Point of impact",
            "length 650 yd (594 m) &lt; 700 yd (640 m) required for CDS 5 containers",
        ],
        "ice": ["r1c2", "90", "sea ice: Gold&#39;s data are freshwater ice"],
        "port": ["depth alongside 6.5 m &lt; draught 7.2 m of Deep", "gradient 1:30"],
        "hlz": ["Touchdown point", "slope 9°: AW101 restricted"],
    }
    for form, data in forms.items():
        s = read_survey({**base, **data})
        page = render_survey_sheet(s, assess(s), Marking("UNCLASSIFIED", ("DNK",)))
        for needle in expect[form]:
            assert needle in page, (form, needle)
        assert page.count("UNCLASSIFIED REL TO DNK") >= 2
