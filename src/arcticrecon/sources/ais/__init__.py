"""AIS (Automatic Identification System) sources: NMEA 0183 and DMA CSV decoding.

- :mod:`.positions` — single position sentences to :class:`AisPosition` objects;
- :mod:`.nmea` — streams of sentences (tag blocks, checksums, multi-part messages) to
  columns, with every dropped sentence counted by reason;
- :mod:`.bits` — the vectorised payload decoder behind it;
- :mod:`.files` — NMEA (plain/gzip) and DMA CSV recordings;
- :mod:`.live` — a UDP/TCP receiver feed.
"""

from arcticrecon.sources.ais.nmea import REJECT_REASONS, AisBatch, DecodeStats, NmeaDecoder
from arcticrecon.sources.ais.positions import POSITION_TYPES, AisPosition, decode_ais_positions

__all__ = [
    "POSITION_TYPES",
    "REJECT_REASONS",
    "AisBatch",
    "AisPosition",
    "DecodeStats",
    "NmeaDecoder",
    "decode_ais_positions",
]
