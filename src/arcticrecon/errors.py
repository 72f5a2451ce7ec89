"""The whole arcticrecon exception tree.

::

    ArcticReconError
    ├── InputError(ValueError)            bad input from a user or a file
    │   ├── OutOfDomainError              a value outside a formula's valid range
    │   └── UnitError                     mixed or wrong units / CRS
    ├── NotFoundError(LookupError)        something named does not exist
    │   └── UnknownSiteError              an ICAO code / site ident not in the catalogue
    ├── ReleasabilityError(PermissionError)  a reader may not see a record
    ├── DataSourceError                   a shipped or imported data file is unusable
    └── InfeasibleError                   a plan/optimisation has no feasible answer

Every exception carries data (``field``, ``value``, ``valid_range``, ``mask``) as well as a
one-line message that says what failed, the value, the valid range and what to do. The
command line prints ``str(err)`` on one line and exits with code 2 for any
:class:`ArcticReconError` that is the user's to fix (see :data:`EXIT_CODES`).
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "EXIT_CODES",
    "ArcticReconError",
    "DataSourceError",
    "InfeasibleError",
    "InputError",
    "NotFoundError",
    "OutOfDomainError",
    "ReleasabilityError",
    "UnitError",
    "UnknownSiteError",
]


class ArcticReconError(Exception):
    """Base of every error arcticrecon raises on purpose.

    Parameters
    ----------
    message : str
        One line: what failed, the value, the valid range, what to do.
    field : str, optional
        Dotted path of the offending input field (``"exercise[0].season.from"``).
    value : Any, optional
        The offending value.
    valid_range : Any, optional
        What would have been accepted (a tuple, a list of choices, a text).
    remedy : str, optional
        A key naming what the user can do (``"nation_add"``, ``"mission_init"``, ...),
        for interfaces that phrase it in their own terms: the command line turns it into
        a command hint (``arcticrecon.cli.hints``); library and store messages never name
        command-line options themselves.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        value: Any = None,
        valid_range: Any = None,
        remedy: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.value = value
        self.valid_range = valid_range
        self.remedy = remedy

    def __str__(self) -> str:
        """Return the one-line message (newlines folded)."""
        return " ".join(self.message.split())


class InputError(ArcticReconError, ValueError):
    """Bad input from a user, a mission file or an import file."""


class OutOfDomainError(InputError):
    """A value lies outside the valid domain of a formula or model.

    ``mask`` (a boolean array, same shape as the input) marks the offending elements.
    """

    def __init__(self, message: str, *, mask: Any = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.mask = mask


class UnitError(InputError):
    """Mixed, missing or implausible units (e.g. a temperature in kelvin given as °C)."""


class NotFoundError(ArcticReconError, LookupError):
    """Something named by the user does not exist."""


class UnknownSiteError(NotFoundError):
    """An ICAO code or OurAirports ident that is not in the site catalogue."""


class ReleasabilityError(ArcticReconError, PermissionError):
    """A reader's nation or clearance does not allow access to a record."""


class DataSourceError(ArcticReconError):
    """A data file (shipped or imported) is missing, malformed or inconsistent."""


class InfeasibleError(ArcticReconError):
    """No plan satisfies the constraints (e.g. no site an aircraft can use)."""


#: Process exit codes used by the command line: 0 ok, 2 bad input, 1 internal error.
EXIT_CODES: dict[type[ArcticReconError], int] = {
    ArcticReconError: 2,
}
