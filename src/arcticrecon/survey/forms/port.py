"""Port / beach survey form (``port``): quay, depth, tide, ice by month, cranes, fuel, beach.

Depths are referred to chart datum, as on the nautical chart: the tide only adds water
above it, so a check at chart datum is the conservative one.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator

from arcticrecon.survey.forms.base import FormModel, SurveyBase

__all__ = ["MONTHS", "Beach", "Crane", "PortSurvey", "Vessel"]

#: Month keys of ``ice_at_quay``, January first.
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
IceAtQuay = Literal["none", "brash", "drift", "fast", "unknown"]


class Crane(FormModel):
    """A crane at the quay: description and safe working load. [t]"""

    description: str = Field(min_length=1)
    capacity_t: float = Field(gt=0.0, le=5000.0)


class Vessel(FormModel):
    """A vessel to check the quay against.

    Attributes
    ----------
    name : str
    draught_m : float
        Maximum draught. [m] 0-30.
    length_m : float
        Length overall. [m] 0-500.
    ice_class : str or None
        Polar Code / Finnish-Swedish ice class ("PC5", "IA"); ``None`` = no ice class.
    """

    name: str = Field(min_length=1)
    draught_m: float = Field(gt=0.0, le=30.0)
    length_m: float = Field(gt=0.0, le=500.0)
    ice_class: str | None = None


class Beach(FormModel):
    """A landing beach.

    Attributes
    ----------
    gradient_1_in : float
        Beach gradient as 1 in N (``30`` = 1:30). > 0.
    surface : {"sand", "gravel", "cobble", "rock", "mud", "mixed"}
    usable_length_m : float or None
        Along the shore. [m]
    exits : str
        Exits off the beach in words.
    """

    gradient_1_in: float = Field(gt=0.0, le=1000.0)
    surface: Literal["sand", "gravel", "cobble", "rock", "mud", "mixed"]
    usable_length_m: float | None = Field(default=None, gt=0.0, le=50_000.0)
    exits: str = ""


class PortSurvey(SurveyBase):
    """Port / beach survey (form ``port``); ``position`` is the quay.

    Attributes
    ----------
    quay_length_m : float or None
        Usable quay length. [m]
    depth_alongside_m : float or None
        Least depth alongside at chart datum. [m]
    tidal_range_m : float or None
        Mean spring range. [m]
    ice_at_quay : dict of str to str
        Month (``jan``..``dec``) to ``none``/``brash``/``drift``/``fast``/``unknown``; months
        not given are unknown.
    cranes : list of Crane
    fuel_types : list of str
    fuel_stock_l : float or None
        [L]
    covered_storage_m2, open_storage_m2 : float or None
        [m^2]
    beach : Beach or None
    vessels : list of Vessel
        Vessels to check alongside.
    """

    form: Literal["port"] = "port"
    quay_length_m: float | None = Field(default=None, ge=0.0, le=5000.0)
    depth_alongside_m: float | None = Field(default=None, ge=0.0, le=60.0)
    tidal_range_m: float | None = Field(default=None, ge=0.0, le=20.0)
    ice_at_quay: dict[str, IceAtQuay] = Field(default_factory=dict)
    cranes: list[Crane] = Field(default_factory=list)
    fuel_types: list[str] = Field(default_factory=list)
    fuel_stock_l: float | None = Field(default=None, ge=0.0)
    covered_storage_m2: float | None = Field(default=None, ge=0.0)
    open_storage_m2: float | None = Field(default=None, ge=0.0)
    beach: Beach | None = None
    vessels: list[Vessel] = Field(default_factory=list)

    @field_validator("ice_at_quay")
    @classmethod
    def _months(cls, v: dict[str, str]) -> dict[str, str]:
        for k in v:
            if k not in MONTHS:
                raise ValueError(f"{k!r} is not a month key; use {', '.join(MONTHS)}")
        return {m: v[m] for m in MONTHS if m in v}

    def ice_month(self, month: int) -> str:
        """Ice at the quay in ``month`` (1-12): the surveyed state or ``"unknown"``."""
        return self.ice_at_quay.get(MONTHS[month - 1], "unknown")
