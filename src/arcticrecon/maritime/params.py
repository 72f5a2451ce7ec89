"""Event thresholds: Global Fishing Watch's definitions, as parameters.

Every threshold of the track cleaning and the event detectors lives in
:class:`EventParams`; every output (report, CSV, GeoJSON, API) writes the parameters it
used (:meth:`EventParams.as_dict`), so a reader can always tell what "a gap" meant.

References
----------
.. [GFW-API] Global Fishing Watch, "API documentation — Events API (encounters, loitering,
   port visits, AIS off/gaps)", https://globalfishingwatch.org/our-apis/documentation
   (version 3), sections "Encounters", "Loitering", "Port visits" and "AIS off events".
.. [Welch2022] H. Welch, T. Clavelle, T. D. White, M. A. Cimino, J. Van Osdel, T. Hochberg,
   D. Kroodsma and E. L. Hazen, "Hot spots of unseen fishing vessels," Science Advances
   8(44), eabq2109, 2022, doi:10.1126/sciadv.abq2109 — AIS disabling events: gaps of
   >= 12 h that start >= 50 NM from shore where reception was good (>= 14 positions in
   the 12 h before the gap).
.. [Miller2018] N. A. Miller, A. Roan, T. Hochberg, J. Amos and D. A. Kroodsma,
   "Identifying global patterns of transshipment behavior," Frontiers in Marine Science
   5:240, 2018, doi:10.3389/fmars.2018.00240 — encounters: two vessels within 500 m for
   >= 2 h, both slower than 2 kn, >= 10 km from a coastal anchorage; loitering: a single
   vessel with a mean speed < 2 kn, >= 20 NM from shore.
.. [GFW-anchorages] Global Fishing Watch, "Anchorages, port visits and voyages" (the
   anchorages data set documentation): a port visit starts when a vessel comes within
   3 km of an anchorage point and ends when it goes beyond 4 km.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from arcticrecon.errors import InputError

__all__ = ["GFW_CITATION", "EventParams"]

GFW_CITATION = (
    "Event definitions of Global Fishing Watch (Events API documentation; Welch et al. 2022, "
    "Sci. Adv. 8 eabq2109; Miller et al. 2018, Front. Mar. Sci. 5:240; GFW anchorages/port "
    "visits), with the thresholds listed as parameters"
)


@dataclass(frozen=True)
class EventParams:
    """Thresholds of the track cleaning and the event detectors.

    Attributes
    ----------
    max_speed_kt : float
        Cleaning: a position that implies a jump faster than this from the previous kept
        position is dropped (issue 13: 50 kn). [kt]
    jump_min_distance_m : float
        Cleaning: jumps shorter than this are never "too fast" (receive-time jitter). [m]
    gap_min_h : float
        AIS gap: no position for at least this long [GFW-API]. [h]
    disabling_min_h : float
        "Likely intentional disabling": gap of at least this long [Welch2022]. [h]
    disabling_min_shore_nm : float
        ... that starts at least this far from shore [Welch2022]. [NM]
    reception_window_h, reception_min_positions : float, int
        ... with good reception before it: at least ``reception_min_positions`` positions
        in the ``reception_window_h`` before the gap [Welch2022]. [h], [-]
    loiter_max_speed_kt, loiter_min_h, loiter_min_shore_nm : float
        Loitering: mean speed below, for at least, at least this far from shore
        ([Miller2018]; issue 13: 2 kn, 2 h, 20 NM). [kt], [h], [NM]
    slow_max_point_gap_h : float
        A slow stretch (loitering or encounter) is broken by a silence longer than this. [h]
    encounter_max_distance_m, encounter_min_h, encounter_max_speed_kt,
    encounter_min_port_km : float
        Encounter: two vessels within, for at least, both slower than, at least this far
        from a port ([Miller2018]: 500 m, 2 h, 2 kn, 10 km). [m], [h], [kt], [km]
    encounter_bin_min : float
        Time step at which encounter candidates are compared. [min]
    port_entry_km, port_exit_km : float
        Port visit: starts within, ends beyond ([GFW-anchorages]: 3 km, 4 km). [km]
    """

    max_speed_kt: float = 50.0
    jump_min_distance_m: float = 500.0
    gap_min_h: float = 6.0
    disabling_min_h: float = 12.0
    disabling_min_shore_nm: float = 50.0
    reception_window_h: float = 12.0
    reception_min_positions: int = 14
    loiter_max_speed_kt: float = 2.0
    loiter_min_h: float = 2.0
    loiter_min_shore_nm: float = 20.0
    slow_max_point_gap_h: float = 1.0
    encounter_max_distance_m: float = 500.0
    encounter_min_h: float = 2.0
    encounter_max_speed_kt: float = 2.0
    encounter_min_port_km: float = 10.0
    encounter_bin_min: float = 10.0
    port_entry_km: float = 3.0
    port_exit_km: float = 4.0

    def __post_init__(self) -> None:
        """Refuse non-positive thresholds and an exit radius inside the entry radius."""
        for k, v in asdict(self).items():
            if not v > 0:
                raise InputError(
                    f"event parameter {k}={v} must be positive", field=k, value=v, valid_range="> 0"
                )
        if self.port_exit_km < self.port_entry_km:
            raise InputError(
                f"port_exit_km {self.port_exit_km} is inside port_entry_km {self.port_entry_km}; "
                "the exit radius must be at least the entry radius",
                field="port_exit_km",
                value=self.port_exit_km,
            )
        if self.disabling_min_h < self.gap_min_h:
            raise InputError(
                f"disabling_min_h {self.disabling_min_h} is shorter than gap_min_h "
                f"{self.gap_min_h}",
                field="disabling_min_h",
                value=self.disabling_min_h,
            )

    def as_dict(self) -> dict[str, Any]:
        """Thresholds by name, with the citation (written into every output)."""
        d: dict[str, Any] = asdict(self)
        d["definitions"] = GFW_CITATION
        return d
