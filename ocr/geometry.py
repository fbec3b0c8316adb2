"""Axis-aligned boxes in page pixels: what word boxes, lines and regions are made of."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Box:
    x0: int
    y0: int
    x1: int
    y1: int

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    def union(self, other: Box) -> Box:
        return Box(
            min(self.x0, other.x0),
            min(self.y0, other.y0),
            max(self.x1, other.x1),
            max(self.y1, other.y1),
        )

    def shift(self, dx: int, dy: int) -> Box:
        return Box(self.x0 + dx, self.y0 + dy, self.x1 + dx, self.y1 + dy)

    def scale(self, factor: float) -> Box:
        return Box(
            round(self.x0 * factor),
            round(self.y0 * factor),
            round(self.x1 * factor),
            round(self.y1 * factor),
        )

    def clip(self, width: int, height: int) -> Box:
        return Box(
            max(0, min(self.x0, width)),
            max(0, min(self.y0, height)),
            max(0, min(self.x1, width)),
            max(0, min(self.y1, height)),
        )

    def pad(self, dx: int, dy: int) -> Box:
        return Box(self.x0 - dx, self.y0 - dy, self.x1 + dx, self.y1 + dy)

    def vertical_overlap(self, other: Box) -> float:
        """Shared height as a fraction of the smaller box's height."""
        shared = min(self.y1, other.y1) - max(self.y0, other.y0)
        return max(0.0, shared / max(1, min(self.height, other.height)))

    def horizontal_overlap(self, other: Box) -> float:
        """Shared width as a fraction of the narrower box's width."""
        shared = min(self.x1, other.x1) - max(self.x0, other.x0)
        return max(0.0, shared / max(1, min(self.width, other.width)))

    def as_list(self) -> list[int]:
        return [self.x0, self.y0, self.x1, self.y1]


def union_all(boxes: list[Box]) -> Box:
    out = boxes[0]
    for box in boxes[1:]:
        out = out.union(box)
    return out
