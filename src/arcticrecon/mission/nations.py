"""Nation codes: ISO 3166-1 alpha-3 inside, alpha-2 accepted on input.

Codes are checked against the ISO 3166-1 table shipped by the ``pycountry`` package.
"""

from __future__ import annotations

from arcticrecon.errors import InputError

__all__ = ["nation_code", "nation_name"]


def nation_code(value: object, *, field: str = "nation") -> str:
    """Normalise a nation code to ISO 3166-1 alpha-3 (upper case).

    Parameters
    ----------
    value : object
        An alpha-3 (``"BEL"``) or alpha-2 (``"BE"``) code. Anything that is not a string —
        for example ``False`` from a YAML 1.1 reader that turned Norway's ``NO`` into a
        boolean — is refused, never stored.
    field : str
        Field path for the error message.

    Raises
    ------
    InputError
        If the value is not a string or not an ISO 3166-1 code.

    Examples
    --------
    >>> nation_code("dk"), nation_code("NO"), nation_code("BEL")
    ('DNK', 'NOR', 'BEL')
    """
    if not isinstance(value, str):
        raise InputError(
            f"{field}: {value!r} is not a nation code; write ISO 3166-1 codes as quoted "
            "strings (YAML 1.1 reads an unquoted NO as false)",
            field=field,
            value=value,
        )
    import pycountry  # its table loads on first use (not at command-line start)

    code = value.strip().upper()
    country = None
    if len(code) == 3:
        country = pycountry.countries.get(alpha_3=code)
    elif len(code) == 2:
        country = pycountry.countries.get(alpha_2=code)
    if country is None:
        raise InputError(
            f"{field}: {value!r} is not an ISO 3166-1 alpha-3 nation code (e.g. DNK, BEL, FRA)",
            field=field,
            value=value,
        )
    return str(country.alpha_3)


def nation_name(code: str) -> str:
    """English short name of an alpha-3 code (``"BEL"`` -> ``"Belgium"``)."""
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    return str(country.name) if country else code
