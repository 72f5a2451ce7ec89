"""Read and validate mission files (TOML; YAML accepted with safe scalar rules)."""

from __future__ import annotations

import datetime as dt
import difflib
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
        errors = err.errors()
        # a misspelt key shows up twice: as an unknown setting and as a missing one; the
        # unknown setting is what the user typed, so report it first
        errors.sort(key=lambda e: (e["type"] != "extra_forbidden", e["type"] == "missing"))
        e = errors[0]
        loc = tuple(p for p in e["loc"] if not (isinstance(p, str) and p.startswith("function-")))
        path = _loc(loc) or "(top level)"
        msg = e["msg"].removeprefix("Value error, ")
        got = _value_at(data, loc)
        if e["type"] == "extra_forbidden":
            known = _known_keys(loc[:-1])
            close = difflib.get_close_matches(str(loc[-1]), known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            msg = f"unknown setting {str(loc[-1])!r}{hint}"
            got_txt = ""
        elif e["type"] == "missing":
            msg = "missing setting"
            got_txt = ""
        elif isinstance(got, dict | list) or got is None:
            got_txt = ""  # a whole table: the message already says what is wrong
        else:
            got_txt = f" (got {_show(got)})"
        more = f" [+{len(errors) - 1} more]" if len(errors) > 1 else ""
        raise InputError(f"{source}: {path}: {msg}{got_txt}{more}", field=path, value=got) from None


def _show(value: Any) -> str:
    """A value as the user wrote it in the file (dates in ISO form)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value)


def _known_keys(loc: tuple[int | str, ...]) -> list[str]:
    """Field names of the model at a location of the mission document (for suggestions)."""
    model: Any = Mission
    for part in loc:
        if isinstance(part, int):
            continue
        fld = model.model_fields.get(part)
        if fld is None:
            return []
        ann = fld.annotation
        args = getattr(ann, "__args__", ())
        model = next((a for a in (ann, *args) if hasattr(a, "model_fields")), None)
        if model is None:
            return []
    names = []
    for name, f in model.model_fields.items():
        names.append(f.alias or name)
    return names


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
