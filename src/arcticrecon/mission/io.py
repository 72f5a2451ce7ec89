"""Read and validate mission files (TOML; YAML accepted with safe scalar rules)."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from arcticrecon.errors import InputError
from arcticrecon.mission.models import Mission

__all__ = ["load_yaml_text", "mission_from_dict", "read_mission_file"]


class _SafeYamlLoader(yaml.SafeLoader):
    """YAML loader whose booleans are only ``true``/``false`` (YAML 1.2 core schema).

    PyYAML follows YAML 1.1, where ``NO``, ``no``, ``off``, ``yes``, ``on``, ``y``, ``n`` are
    booleans: Norway's ISO code ``NO`` would become ``False``. This loader keeps them as
    strings.
    """


_SafeYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_SafeYamlLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    __import__("re").compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def load_yaml_text(text: str) -> Any:
    """Parse YAML with the 1.2 boolean rule (only true/false are booleans).

    >>> load_yaml_text("nations: [DK, NO]\\nlead: DK\\n")
    {'nations': ['DK', 'NO'], 'lead': 'DK'}

    Raises
    ------
    InputError
        If the text is not valid YAML.
    """
    try:
        return yaml.load(text, Loader=_SafeYamlLoader)
    except yaml.YAMLError as err:
        raise InputError(f"not valid YAML: {' '.join(str(err).split())}") from err


def _loc(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _value_at(data: Any, loc: tuple[int | str, ...]) -> Any:
    cur = data
    for part in loc:
        try:
            cur = cur[part]
        except (KeyError, IndexError, TypeError):
            return None
    return cur


def mission_from_dict(data: Any, *, source: str = "mission file") -> Mission:
    """Validate a parsed mission document.

    Raises
    ------
    InputError
        One line: ``"<source>: <field path>: <problem> (got <value>)"``.
    """
    if not isinstance(data, dict):
        raise InputError(f"{source}: expected a table of settings, got {type(data).__name__}")
    try:
        return Mission.model_validate(data)
    except ValidationError as err:
        e = err.errors()[0]
        loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        path = _loc(loc) or "(top level)"
        msg = e["msg"].removeprefix("Value error, ")
        if e["type"] == "extra_forbidden":
            msg = "unknown setting (check the spelling)"
        got = _value_at(data, loc)
        got_txt = "" if e["type"] == "missing" else f" (got {got!r})"
        more = f" [+{len(err.errors()) - 1} more]" if len(err.errors()) > 1 else ""
        raise InputError(f"{source}: {path}: {msg}{got_txt}{more}", field=path, value=got) from None


def read_mission_file(path: Path | str) -> Mission:
    """Read and validate a mission file (``.toml``; ``.yaml``/``.yml`` also accepted).

    Raises
    ------
    InputError
        If the file is missing, unreadable, not valid TOML/YAML or fails validation; the
        message names the file, the field path and the bad value.
    """
    p = Path(path)
    try:
        raw = p.read_bytes()
    except OSError as err:
        raise InputError(
            f"cannot read mission file {str(p)!r}: {err.strerror}",
            field="mission_file",
            value=str(p),
        ) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"mission file {str(p)!r} is not UTF-8 text") from None
    if p.suffix.lower() in {".yaml", ".yml"}:
        data = load_yaml_text(text)
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as err:
            raise InputError(f"mission file {str(p)!r} is not valid TOML: {err}") from None
    return mission_from_dict(data, source=f"mission file {p.name}")
