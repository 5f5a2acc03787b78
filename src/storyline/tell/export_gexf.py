"""The entity graph as GEXF 1.3 (Gephi's format): entities are nodes, and two entities are
linked by the number of articles that mention both.

Node attributes: type, mentions, articles, aliases. Edge weight: shared articles. Articles
that are copies of another (duplicates, rewrites, translations) do not add weight, so a wire
story reprinted ten times links its names once. The XML is written by ElementTree, which
escapes every name.
"""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping
from typing import Any

from storyline import __version__

NS = "http://gexf.net/1.3"
#: An article naming more entities than this adds edges only between its most mentioned ones
#: (a list of forty countries is not forty-squared relations).
MAX_ENTITIES_PER_ARTICLE = 40


def gexf(doc: Mapping[str, Any]) -> str:
    """The GEXF document for an export document."""
    copies = {a["id"] for a in doc["articles"] if a["duplicate_of"]}
    by_article: dict[str, list[Mapping[str, Any]]] = {}
    for entity in doc["entities"]:
        for article in entity["articles"]:
            if article not in copies:
                by_article.setdefault(article, []).append(entity)
    weights: Counter[tuple[str, str]] = Counter()
    for named in by_article.values():
        top = sorted(named, key=lambda e: -int(e["mentions"]))[:MAX_ENTITIES_PER_ARTICLE]
        for a, b in itertools.combinations(sorted(e["id"] for e in top), 2):
            weights[(a, b)] += 1

    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}gexf", {"version": "1.3"})
    meta = ET.SubElement(root, f"{{{NS}}}meta")
    ET.SubElement(meta, f"{{{NS}}}creator").text = f"storyline {__version__}"
    ET.SubElement(
        meta, f"{{{NS}}}description"
    ).text = "Entities linked by the number of independent articles that mention both"
    graph = ET.SubElement(root, f"{{{NS}}}graph", {"defaultedgetype": "undirected"})
    attributes = ET.SubElement(graph, f"{{{NS}}}attributes", {"class": "node"})
    columns = (
        ("0", "type", "string"),
        ("1", "mentions", "integer"),
        ("2", "articles", "integer"),
        ("3", "aliases", "string"),
    )
    for ident, title, kind in columns:
        ET.SubElement(attributes, f"{{{NS}}}attribute", {"id": ident, "title": title, "type": kind})
    nodes = ET.SubElement(graph, f"{{{NS}}}nodes")
    for entity in doc["entities"]:
        node = ET.SubElement(nodes, f"{{{NS}}}node", {"id": entity["id"], "label": entity["name"]})
        values = ET.SubElement(node, f"{{{NS}}}attvalues")
        for ident, value in (
            ("0", entity["type"]),
            ("1", str(entity["mentions"])),
            ("2", str(len(entity["articles"]))),
            ("3", "; ".join(entity["aliases"])),
        ):
            ET.SubElement(values, f"{{{NS}}}attvalue", {"for": ident, "value": value})
    edges = ET.SubElement(graph, f"{{{NS}}}edges")
    for i, ((a, b), weight) in enumerate(sorted(weights.items())):
        ET.SubElement(
            edges,
            f"{{{NS}}}edge",
            {"id": str(i), "source": a, "target": b, "weight": str(weight)},
        )
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
