"""Command-line interface (typer + rich). Thin: parse, call a function, format."""
