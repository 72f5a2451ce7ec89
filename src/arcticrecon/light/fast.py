"""Fast vectorised engine (placeholder: delegates to skyfield until implemented)."""

from __future__ import annotations

from arcticrecon.light.reference import moon_engine_skyfield as moon_engine_fast
from arcticrecon.light.reference import sun_engine_skyfield as sun_engine_fast

__all__ = ["moon_engine_fast", "sun_engine_fast"]
