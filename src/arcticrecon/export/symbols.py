"""APP-6(B) symbol codes for what the mission puts on a map.

Codes are the 15-character letter-based symbol identification codes (SIDC) of APP-6(B)
(NATO, "Joint Symbology", 2008), the same scheme as MIL-STD-2525B/C: position 1 coding
scheme (``S`` warfighting), 2 affiliation (``F`` friend), 3 battle dimension (``G``
ground), 4 status (``P`` present, ``A`` anticipated/planned), 5-10 function identifier,
11-12 symbol modifier (``H-`` installation), 13-14 country, 15 order of battle (``*``
for not given). NVG writes them as ``symbol="app6b:<code>"``; the web page draws them
with milsymbol (which implements APP-6(B)/2525C letter codes) and the report's SVG maps
with :mod:`arcticrecon.report.symbols`.

Choices (APP-6(B) has no heliport or landing-strip installation):

====================  ===================  ==========================================
what                  SIDC                 APP-6(B) entry
====================  ===================  ==========================================
airport, strip        ``SFGPIBA---H****``  Installation > military base/facility >
                                           airport/air base
heliport              ``SFGPIT----H****``  Installation > transportation facility
closed site           ``SFGAIBA---H****``  airport/air base, status anticipated
                                           (dashed frame: may be re-opened)
reported site         ``SFGPI-----H****``  Installation (generic)
port                  ``SFGPIBN---H****``  Installation > military base/facility >
                                           seaport/naval base
finding               ``SFGPUCR---*****``  Ground unit > combat > reconnaissance (the
                                           recon team's report at its position)
====================  ===================  ==========================================
"""

from __future__ import annotations

import re

from arcticrecon.errors import InputError

__all__ = [
    "FINDING_SIDC",
    "PORT_SIDC",
    "SITE_KIND_SIDC",
    "check_sidc",
    "nvg_symbol",
    "site_sidc",
]

#: SIDC per catalogue site kind (:class:`arcticrecon.catalog.SiteKind` values).
SITE_KIND_SIDC: dict[str, str] = {
    "airport": "SFGPIBA---H****",
    "strip": "SFGPIBA---H****",
    "heliport": "SFGPIT----H****",
    "closed": "SFGAIBA---H****",
    "reported": "SFGPI-----H****",
}
#: A port (sea lift, port seasons).
PORT_SIDC = "SFGPIBN---H****"
#: A reconnaissance finding (report) at its position.
FINDING_SIDC = "SFGPUCR---*****"

_SIDC = re.compile(
    r"^[SGWIOE][PUAFNSHGWMDLJK*-][PAGSUFXZ*-][APCDXF*-][A-Z0-9*-]{6}[A-Z0-9*-]{2}[A-Z*-]{2}[A-Z*-]$"
)


def check_sidc(code: str) -> str:
    """Check the shape of a 15-character APP-6(B) SIDC and return it upper-cased.

    Raises
    ------
    InputError
        If the code is not 15 characters of the APP-6(B) alphabet.

    Examples
    --------
    >>> check_sidc("sfgpiba---h****")
    'SFGPIBA---H****'
    """
    up = code.strip().upper()
    if not _SIDC.match(up):
        raise InputError(
            f"symbol code {code!r} is not a 15-character APP-6(B) SIDC such as SFGPIBA---H****",
            field="symbol",
            value=code,
        )
    return up


def site_sidc(kind: str) -> str:
    """SIDC of a catalogue site kind (``airport``, ``heliport``, ``strip``, ...).

    Raises
    ------
    InputError
        For an unknown kind.

    Examples
    --------
    >>> site_sidc("heliport")
    'SFGPIT----H****'
    """
    try:
        return SITE_KIND_SIDC[kind]
    except KeyError:
        raise InputError(
            f"site kind {kind!r} has no symbol; known: {', '.join(SITE_KIND_SIDC)}",
            field="kind",
            value=kind,
        ) from None


def nvg_symbol(code: str) -> str:
    """The NVG ``symbol`` attribute value: ``app6b:<SIDC>``.

    Examples
    --------
    >>> nvg_symbol("SFGPIBN---H****")
    'app6b:SFGPIBN---H****'
    """
    return f"app6b:{check_sidc(code)}"
