"""Turn a library error into the command line's one line: option names and command hints.

Library, store and survey errors name the *field* that failed (``level``, ``rel_to``,
``to``) and, where the user can act, a :attr:`~arcticrecon.errors.ArcticReconError.remedy`
key; they never name command-line options. This module phrases both for the command line:
a message that starts with its field name starts with the option instead (``level SECRET
is above ...`` becomes ``--level SECRET is above ...``), and the remedy becomes a command
to run.
"""

from __future__ import annotations

from arcticrecon.errors import ArcticReconError

__all__ = ["OPTION_OF_FIELD", "command_hint", "render_error"]

#: Field name of a library error -> the option that sets it on the command line.
OPTION_OF_FIELD: dict[str, str] = {
    "as": "--as",
    "attach": "--attach",
    "db": "--db",
    "keep": "--keep",
    "lead": "--lead",
    "level": "--level",
    "name": "--name",
    "observed_at": "--observed-at",
    "out": "--out",
    "rel_to": "--rel-to",
    "since": "--since",
    "to": "--to",
}


def command_hint(err: ArcticReconError) -> str:
    """What to run about ``err`` (``""`` when its remedy has no command-line phrasing).

    Examples
    --------
    >>> from arcticrecon.errors import InputError
    >>> command_hint(InputError("x", field="rel_to", value="USA", remedy="nation_add"))
    'run `arcticrecon nation add USA` first'
    """
    value = "" if err.value is None else str(err.value)
    option = OPTION_OF_FIELD.get(err.field or "", f"--{err.field}")
    hints = {
        "nation_add": f"run `arcticrecon nation add {value}` first",
        "mission_init": "run `arcticrecon mission init --name NAME --lead DNK` first",
        "mission_init_db": f"create it with `arcticrecon mission init --db {value}`",
        "person_list": "see `arcticrecon person list`",
        "team_list": "see `arcticrecon team list`",
        "keys_add": "register it with `arcticrecon keys add` if you trust the sender",
        "keys_show": "export it with `arcticrecon keys show`",
        "give_option": f"give {option}" + (" PERSON" if err.field == "as" else ""),
        "check_db": "check --db or ARCTICRECON_DATABASE_URL",
    }
    return hints.get(err.remedy or "", "")


def render_error(err: ArcticReconError) -> str:
    """The one line the command line prints for ``err`` (without the ``error:`` prefix).

    Examples
    --------
    >>> from arcticrecon.errors import InputError
    >>> render_error(InputError("level SECRET is above your clearance RESTRICTED",
    ...                         field="level", value="SECRET"))
    '--level SECRET is above your clearance RESTRICTED'
    >>> render_error(InputError("rel_to: USA is not a nation of this mission; add it first",
    ...                         field="rel_to", value="USA", remedy="nation_add"))
    '--rel-to: USA is not a nation of this mission; run `arcticrecon nation add USA` first'
    """
    msg = str(err)
    field = err.field or ""
    option = OPTION_OF_FIELD.get(field)
    if option and msg.startswith((f"{field} ", f"{field}: ")):
        msg = option + msg[len(field) :]
    hint = command_hint(err)
    if hint:
        for generic in (
            "; add it first",
            "; create the mission first",
            "; create the mission database first",
        ):
            if msg.endswith(generic):
                msg = msg[: -len(generic)]
        msg = f"{msg}; {hint}"
    return msg
