"""XML serialisation with a file's own default namespace, free of global state.

``xml.etree.ElementTree`` knows a default namespace only through the process-wide
``register_namespace("", uri)`` (one at a time: KML's and NVG's took each other's place,
and the loser was written ``ns0:``-prefixed, depending on import order) or through
``tostring(default_namespace=...)``, which refuses unqualified attribute names. Instead, the
tree is serialised with the default namespace's tags unqualified and ``xmlns`` declared on
the root: the same document, read back with qualified tags.
"""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET

__all__ = ["to_xml_bytes"]


def to_xml_bytes(root: ET.Element, default_ns: str) -> bytes:
    """The UTF-8 document (with XML declaration) of ``root``, ``default_ns`` as its default.

    Parameters
    ----------
    root : xml.etree.ElementTree.Element
        Tree whose tags are qualified (``{uri}tag``); not modified (a copy is written).
    default_ns : str
        Namespace URI written as ``xmlns="..."`` on the root; its elements unprefixed.
        Other namespaces keep the prefixes registered for them (``ET.register_namespace``).

    Returns
    -------
    bytes
        The serialised document.
    """
    tree = copy.deepcopy(root)
    prefix = f"{{{default_ns}}}"
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag.startswith(prefix):
            el.tag = el.tag[len(prefix) :]
    tree.set("xmlns", default_ns)
    return ET.tostring(tree, encoding="utf-8", xml_declaration=True)
