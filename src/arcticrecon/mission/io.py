"""Read and validate mission files (TOML; YAML 1.2 accepted, with the same meaning)."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from arcticrecon.errors import InputError
from arcticrecon.mission.models import Mission

__all__ = ["load_yaml_text", "mission_from_dict", "read_mission_file"]


_LEADING_ZERO = re.compile(r"^[-+]?0[0-9_]+$")
_TOML_BARE_TIME = re.compile(r"=\s*[0-9]{1,2}:[0-9]{2}(?![:0-9])")


def _yaml_path(path: tuple[int | str, ...]) -> str:
    return _loc(path) or "(top level)"


def _check_scalars(node: Any, path: tuple[int | str, ...]) -> None:
    """Refuse plain scalars that YAML 1.1 and 1.2 read differently (and TOML refuses)."""
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    if isinstance(node, MappingNode):
        for k, v in node.value:
            _check_scalars(v, (*path, str(k.value)))
    elif isinstance(node, SequenceNode):
        for i, v in enumerate(node.value):
            _check_scalars(v, (*path, i))
    elif isinstance(node, ScalarNode) and node.style is None and _LEADING_ZERO.match(node.value):
        text = node.value
        digits = text.lstrip("+-").replace("_", "")
        plain = str(int(digits))
        octal = f"octal {int(digits, 8)}" if set(digits) <= set("01234567") else "not a number"
        raise InputError(
            f"{_yaml_path(path)}: {text} has a leading zero, which YAML 1.1 reads as {octal} "
            f"and YAML 1.2 as {plain}; write {plain} for the number, or quote it "
            f'("{text}") if it is text',
            field=_yaml_path(path),
            value=text,
        )


def load_yaml_text(text: str, *, source: str = "YAML") -> Any:
    r"""Parse YAML with the YAML 1.2 core schema (ruamel.yaml), refusing 1.1/1.2 traps.

    YAML 1.2 (unlike PyYAML's 1.1) keeps ``NO``/``yes``/``on`` as text (Norway's code ``NO``
    stays ``"NO"``), an unquoted ``10:30`` as the text ``"10:30"`` (1.1: the base-60 number
    630; a time of day is never turned into a number), and reads ``1e3`` as the number
    1000.0 (as TOML does; 1.1: text). A plain integer with a leading zero (``0755``) is
    refused with one line naming the key: YAML 1.1 reads it as octal, 1.2 as decimal, and
    TOML refuses it, so no reading is safe.

    >>> load_yaml_text("nations: [DK, NO]\nstart: 10:30\nn: 1e3\n")
    {'nations': ['DK', 'NO'], 'start': '10:30', 'n': 1000.0}

    Raises
    ------
    InputError
        If the text is not valid YAML, or holds a leading-zero integer (naming its key).
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    yaml = YAML(typ="safe", pure=True)  # YAML 1.2 core schema
    try:
        node = yaml.compose(text)
        _check_scalars(node, ())
        return yaml.load(text)
    except YAMLError as err:
        raise InputError(f"{source} is not valid YAML: {' '.join(str(err).split())}") from None
    except InputError as err:
        raise InputError(f"{source}: {err}", field=err.field, value=err.value) from None


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


def _load_toml(text: str, p: Path) -> Any:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        hint = ""
        m = re.search(r"line (\d+)", str(err))
        if m:
            line = (
                text.splitlines()[int(m.group(1)) - 1]
                if int(m.group(1)) <= len(text.splitlines())
                else ""
            )
            if _TOML_BARE_TIME.search(line):
                hint = '; write times of day in quotes, e.g. start = "08:00"'
        raise InputError(f"mission file {str(p)!r} is not valid TOML: {err}{hint}") from None


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
        data = load_yaml_text(text, source=f"mission file {p.name}")
    else:
        data = _load_toml(text, p)
    return mission_from_dict(data, source=f"mission file {p.name}")
