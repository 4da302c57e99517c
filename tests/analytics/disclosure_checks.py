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


CLASSES = ("promoters", "passives", "detractors")


def pinned_small_atoms(
    published: Sequence[tuple[Iterable[int], Sequence[int]]],
    everyone: Sequence[int],
    floor: int,
) -> list[tuple[set[int], str, int]]:
    """Small groups whose class counts follow from published counts, zero cells included.

    ``published`` holds (members, (promoters, passives, detractors)) per published set. A
    reader knows more than linear combinations: counts are whole and never negative, so a
    cell with no detractors says none of its members is one, and two overlapping cells can
    corner a single person (department A has one detractor, region Y none: the detractor is
    in A minus Y). For every atom (people with the same memberships) under ``floor`` this
    finds, by integer programming over every consistent assignment, each class count that
    takes one value only. Returns (atom, class, count) for each such pinned count.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    sets = [(set(members), tuple(counts)) for members, counts in published if set(members)]
    if not sets:
        return []
    atoms = blocks(everyone, [m for m, _ in sets])
    n_vars = len(atoms) * len(CLASSES)

    def var(a: int, c: int) -> int:
        return a * len(CLASSES) + c

    rows, low, high = [], [], []
    for a, atom in enumerate(atoms):
        row = np.zeros(n_vars)
        for c in range(len(CLASSES)):
            row[var(a, c)] = 1.0
        rows.append(row)
        low.append(len(atom))
        high.append(len(atom))
    for members, counts in sets:
        for c in range(len(CLASSES)):
            row = np.zeros(n_vars)
            for a, atom in enumerate(atoms):
                if atom <= members:
                    row[var(a, c)] = 1.0
            rows.append(row)
            low.append(counts[c])
            high.append(counts[c])
    constraint = LinearConstraint(np.array(rows), np.array(low), np.array(high))
    upper = np.array([len(atoms[v // len(CLASSES)]) for v in range(n_vars)], dtype=float)
    bounds = Bounds(np.zeros(n_vars), upper)
    integrality = np.ones(n_vars)
    pinned = []
    for a, atom in enumerate(atoms):
        if len(atom) >= floor:
            continue
        for c, name in enumerate(CLASSES):
            objective = np.zeros(n_vars)
            objective[var(a, c)] = 1.0
            lo = milp(objective, constraints=constraint, integrality=integrality, bounds=bounds)
            hi = milp(-objective, constraints=constraint, integrality=integrality, bounds=bounds)
            assert lo.x is not None and hi.x is not None, "the true data are always feasible"
            if round(lo.fun) == round(-hi.fun):
                pinned.append((set(atom), name, round(lo.fun)))
    return pinned
