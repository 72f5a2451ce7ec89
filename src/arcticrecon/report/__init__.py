"""Consultation report: self-contained HTML (maps, charts), CSV/GeoJSON files."""

from arcticrecon.report.html import render_html
from arcticrecon.report.marking import plan_marking
from arcticrecon.report.writer import sites_geojson, write_plan_folder

__all__ = ["plan_marking", "render_html", "sites_geojson", "write_plan_folder"]
