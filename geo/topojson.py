"""Reads a TopoJSON topology (such as us-atlas's) into Shapely shapes and meshes."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import shapely


@dataclass(frozen=True)
class Feature:
    """One geometry of a topology's object: its id, properties and arcs."""

    id: str
    properties: dict
    arcs: list  # TopoJSON's nested arc indexes (~i is arc i reversed)


class Topology:
    """A TopoJSON file: arcs shared between the geometries of its objects.

    Shared arcs are what make boundaries cheap: a line between two states is
    one arc, so a mesh of the arcs two different features use draws it once.
    """

    def __init__(self, data: dict):
        transform = data.get("transform")
        self.arcs = [self._decode_arc(arc, transform) for arc in data["arcs"]]
        self.objects = data["objects"]

    @classmethod
    def read(cls, path: Path) -> "Topology":
        return cls(json.loads(Path(path).read_text()))

    @staticmethod
    def _decode_arc(arc: list, transform: dict | None) -> list[tuple[float, float]]:
        if not transform:
            return [(float(x), float(y)) for x, y, *_ in arc]
        (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
        points, x, y = [], 0, 0
        for dx, dy, *_ in arc:  # quantized and delta-encoded
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        return points

    def features(self, name: str) -> list[Feature]:
        """The polygon features of an object, in file order."""
        found = []
        for geometry in self.objects[name]["geometries"]:
            if geometry["type"] == "Polygon":
                arcs = [geometry["arcs"]]
            elif geometry["type"] == "MultiPolygon":
                arcs = geometry["arcs"]
            else:
                continue
            found.append(
                Feature(
                    str(geometry.get("id", "")), geometry.get("properties", {}), arcs
                )
            )
        return found

    def _ring(self, indexes: list[int]) -> list[tuple[float, float]]:
        ring: list[tuple[float, float]] = []
        for index in indexes:
            points = self.arcs[index] if index >= 0 else self.arcs[~index][::-1]
            ring.extend(points[1:] if ring else points)
        return ring

    def shape(self, feature: Feature) -> shapely.Geometry:
        """A feature as a (multi)polygon in longitude and latitude."""
        polygons = []
        for rings in feature.arcs:
            # Quantizing can collapse a tiny island or lake to under 4 points.
            outer, *holes = [self._ring(ring) for ring in rings]
            if len(outer) >= 4:
                holes = [hole for hole in holes if len(hole) >= 4]
                polygons.append(shapely.Polygon(outer, holes))
        return shapely.make_valid(shapely.MultiPolygon(polygons))

    def mesh(
        self, name: str, keep: Callable[[Feature, Feature], bool]
    ) -> shapely.MultiLineString:
        """The arcs of an object shared by two of its features for which
        keep(a, b) is true, each arc once (topojson-client's mesh)."""
        users: dict[int, list[Feature]] = {}
        for feature in self.features(name):
            for rings in feature.arcs:
                for ring in rings:
                    for index in ring:
                        users.setdefault(index if index >= 0 else ~index, []).append(
                            feature
                        )
        lines = [
            self.arcs[index]
            for index, features in sorted(users.items())
            if len(features) == 2 and keep(features[0], features[1])
        ]
        return shapely.MultiLineString(lines)
