"""Independent checks of what published counts reveal (no code shared with the guard).

A reader who knows the counts of some sets of people knows the counts of every set whose
indicator vector is a linear combination of theirs. These helpers find, by brute force over
people, every such set smaller than a floor, and the blocks a reader gets by intersecting and
subtracting lists of comments.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import numpy as np


def derivable_small_sets(
    published: Sequence[Iterable[int]], everyone: Sequence[int], floor: int
) -> list[set[int]]:
    """Every set of fewer than ``floor`` people whose counts follow from ``published``."""
    sets = [set(s) for s in published if s]
    if not sets:
        return []
    index = {p: i for i, p in enumerate(everyone)}
    rows = np.array([[1.0 if p in s else 0.0 for p in everyone] for s in sets])
    projector = np.linalg.pinv(rows) @ rows  # onto the row space of the published sets
    found: list[set[int]] = []
    for size in range(1, floor):
        for combo in itertools.combinations(everyone, size):
            u = np.zeros(len(everyone))
            u[[index[p] for p in combo]] = 1.0
            if np.allclose(projector @ u, u, atol=1e-6):
                found.append(set(combo))
        if found:
            break
    return found


def blocks(everyone: Iterable[int], lists: Sequence[Iterable[int]]) -> list[set[int]]:
    """What intersecting and subtracting ``lists`` can single out: their partition blocks."""
    members = [set(m) for m in lists]
    out: dict[tuple[bool, ...], set[int]] = {}
    for person in everyone:
        out.setdefault(tuple(person in m for m in members), set()).add(person)
    return list(out.values())
