"""survey package (being built)."""
