"""logistics package (being built)."""
