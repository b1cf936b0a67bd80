"""A glyph's centre lines: the outline filled on a pixel grid, thinned to a one-pixel
skeleton, read as a graph and traced into as few pen strokes as the shape allows.

Only the stroke builder (scripts/build_strokes.py) runs this; letters read the results
from fonts/strokes/. Everything here is deterministic: same outline, same strokes.
"""

from __future__ import annotations

import numpy as np
from scipy import ndimage
from skimage.draw import polygon as fill_polygon
from skimage.morphology import skeletonize

from letters_app.rendering.warp import Outline

from .strokes import contours

PX_PER_EM = 220  # fine enough that thin hairlines of a script survive the fill
PAD = 4
SPUR = 1.3  # stroke widths: shorter branches from a junction to a free end are spurs
BRIDGE = 0.9  # stroke widths: junctions closer than this are one crossing (an X, not two Ys)
SIMPLIFY = 1.5  # px (0.007 em, under 0.05 mm at letter size): less is invisible in ink
SMOOTH_TAPS = 5

Point = tuple[int, int]


def centre_lines(outline: Outline, upm: int) -> list[np.ndarray]:
    """The glyph's strokes as polylines in font units, each an (n, 2) array."""
    rings = contours(outline)
    if not rings:
        return []
    scale = PX_PER_EM / upm
    allp = np.concatenate(rings)
    x0, y1 = allp[:, 0].min(), allp[:, 1].max()
    shape = (
        int(np.ceil((y1 - allp[:, 1].min()) * scale)) + 2 * PAD,
        int(np.ceil((allp[:, 0].max() - x0) * scale)) + 2 * PAD,
    )
    rows_cols = [
        np.column_stack(((y1 - c[:, 1]) * scale + PAD, (c[:, 0] - x0) * scale + PAD)) for c in rings
    ]
    mask = _fill(rows_cols, shape)
    if not mask.any():
        return []
    skeleton = skeletonize(mask)
    depth = ndimage.distance_transform_edt(mask)
    width = max(2.0, 2.0 * float(np.median(depth[skeleton])))
    out = []
    for path in _without_crumbs(_trace(skeleton, width), width, mask):
        pts = _simplify(_smooth(path), SIMPLIFY)
        out.append(np.column_stack((pts[:, 1] - PAD, -(pts[:, 0] - PAD))) / scale + (x0, y1))
    return out


def _without_crumbs(paths: list[np.ndarray], width: float, mask: np.ndarray) -> list[np.ndarray]:
    """Drop bits much shorter than the stroke is wide that share their blot of ink with a
    longer stroke (what is left of a junction's knot); a bit in a blot of its own is a dot
    (a full stop, the dot of an i) and stays."""
    blots, _ = ndimage.label(mask, structure=np.ones((3, 3)))

    def blot(path: np.ndarray) -> int:
        r, c = np.clip(np.rint(path[len(path) // 2]).astype(int), 0, np.array(mask.shape) - 1)
        return int(blots[r, c])

    lengths = [_length(p) for p in paths]
    long_blots = {blot(p) for p, n in zip(paths, lengths, strict=True) if n >= 0.5 * width}
    return [
        p
        for p, n in zip(paths, lengths, strict=True)
        if n >= 0.5 * width or blot(p) not in long_blots
    ]


def _fill(contours: list[np.ndarray], shape: tuple[int, int]) -> np.ndarray:
    """Non-zero winding fill: each contour adds its orientation inside itself."""
    winding = np.zeros(shape, np.int32)
    for c in contours:
        rows, cols = fill_polygon(c[:, 0], c[:, 1], shape)
        area = np.sum(c[:, 0] * np.roll(c[:, 1], -1) - np.roll(c[:, 0], -1) * c[:, 1])
        winding[rows, cols] += 1 if area > 0 else -1
    return winding != 0


_STEPS = [(-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1)]


class _Graph:
    """Skeleton nodes (free ends and junctions, clustered) and the pixel chains between."""

    def __init__(self) -> None:
        self.pos: dict[int, np.ndarray] = {}
        self.edges: dict[int, tuple[int, int, np.ndarray]] = {}  # id -> (a, b, pixels a..b)

    def degree(self, node: int) -> int:
        return sum((a == node) + (b == node) for a, b, _ in self.edges.values())

    def incident(self, node: int) -> list[int]:
        return sorted(e for e, (a, b, _) in self.edges.items() if node in (a, b))


def _trace(skeleton: np.ndarray, width: float) -> list[np.ndarray]:
    graph = _graph(skeleton)
    # A skeleton point with no branches at all is a dot (a full stop, the dot of an i).
    dots = [graph.pos[n] for n in sorted(graph.pos) if not graph.degree(n)]
    _prune(graph, width)
    _contract(graph, width)
    _dissolve(graph)
    return _paths(graph, width) + [np.vstack((p, p + np.array([0.0, 0.5]))) for p in dots]


def _graph(skeleton: np.ndarray) -> _Graph:
    on = {(int(r), int(c)) for r, c in np.argwhere(skeleton)}

    def neighbours(p: Point) -> list[Point]:
        return [(p[0] + dr, p[1] + dc) for dr, dc in _STEPS if (p[0] + dr, p[1] + dc) in on]

    is_node = {p for p in on if len(neighbours(p)) != 2}
    # A ring with no ends or junctions (an "o") gets one node where it starts.
    labels, count = ndimage.label(skeleton, structure=np.ones((3, 3)))
    for n in range(1, count + 1):
        members = np.argwhere(labels == n)
        if not any((int(r), int(c)) in is_node for r, c in members):
            is_node.add((int(members[0][0]), int(members[0][1])))
    graph = _Graph()
    cluster: dict[Point, int] = {}
    for p in sorted(is_node):
        if p in cluster:
            continue
        node = len(graph.pos)
        stack, members = [p], []
        cluster[p] = node
        while stack:
            q = stack.pop()
            members.append(q)
            for r in neighbours(q):
                if r in is_node and r not in cluster:
                    cluster[r] = node
                    stack.append(r)
        graph.pos[node] = np.mean(np.array(members, float), axis=0)
    seen: set[frozenset[Point]] = set()
    for start in sorted(is_node):
        for first in neighbours(start):
            if first in is_node:
                continue
            if frozenset((start, first)) in seen:
                continue
            chain, prev, cur = [start, first], start, first
            while cur not in is_node:
                nxt = [n for n in neighbours(cur) if n != prev and n not in chain[-3:-1]]
                if not nxt:
                    break
                prev, cur = cur, nxt[0]
                chain.append(cur)
            seen.add(frozenset((chain[-1], chain[-2])))
            seen.add(frozenset((start, first)))
            if cur not in is_node:
                continue
            a, b = cluster[start], cluster[cur]
            pixels = np.array(chain[1:-1], float).reshape(-1, 2)
            pixels = np.vstack((graph.pos[a], pixels, graph.pos[b]))
            graph.edges[len(graph.edges)] = (a, b, pixels)
    # A ring reached from its lone node by both directions was traced twice.
    unique: dict[int, tuple[int, int, np.ndarray]] = {}
    keys: set[tuple] = set()
    for e, (a, b, px) in graph.edges.items():
        key = (min(a, b), max(a, b), tuple(sorted(map(tuple, px[1:-1].tolist())))[:4], len(px))
        if key not in keys:
            keys.add(key)
            unique[e] = (a, b, px)
    graph.edges = unique
    return graph


def _length(pixels: np.ndarray) -> float:
    return float(np.hypot(*np.diff(pixels, axis=0).T).sum()) if len(pixels) > 1 else 0.0


def _prune(graph: _Graph, width: float) -> None:
    """Drop short branches that end free at a junction: the skeleton's spurs at corners."""
    changed = True
    while changed:
        changed = False
        for e in sorted(graph.edges):
            a, b, px = graph.edges[e]
            if a == b:
                continue
            da, db = graph.degree(a), graph.degree(b)
            free_end = (da == 1 and db >= 3) or (db == 1 and da >= 3)
            if free_end and _length(px) < SPUR * width:
                del graph.edges[e]
                changed = True
                break


def _contract(graph: _Graph, width: float) -> None:
    """Two junctions a short bridge apart are one crossing: merge them."""
    changed = True
    while changed:
        changed = False
        for e in sorted(graph.edges):
            a, b, px = graph.edges[e]
            junctions = a != b and graph.degree(a) >= 3 and graph.degree(b) >= 3
            if junctions and _length(px) < BRIDGE * width:
                del graph.edges[e]
                middle = (graph.pos[a] + graph.pos[b]) / 2
                graph.pos[a] = middle
                for f, (p, q, fpx) in list(graph.edges.items()):
                    p2, q2 = (a if p == b else p), (a if q == b else q)
                    fpx = fpx.copy()
                    if p in (a, b):
                        fpx[0] = middle
                    if q in (a, b):
                        fpx[-1] = middle
                    graph.edges[f] = (p2, q2, fpx)
                changed = True
                break


def _dissolve(graph: _Graph) -> None:
    """Nodes left with two edges after pruning are just points along one stroke."""
    changed = True
    while changed:
        changed = False
        for node in sorted(graph.pos):
            inc = graph.incident(node)
            if len(inc) != 2 or inc[0] == inc[1]:
                continue
            e, f = inc
            a, b, pe = graph.edges[e]
            c, d, pf = graph.edges[f]
            if a == b or c == d:
                continue
            pe = pe if b == node else pe[::-1]
            pf = pf if c == node else pf[::-1]
            start = a if b == node else b
            end = d if c == node else c
            del graph.edges[f]
            graph.edges[e] = (start, end, np.vstack((pe, pf[1:])))
            changed = True
            break


def _paths(graph: _Graph, width: float) -> list[np.ndarray]:
    """Pair the stroke ends meeting at each node by straightness and follow the pairs:
    a crossing is written straight through, a branch starts where the pen must lift."""
    reach = max(2, round(width))

    def heading(e: int, at_start: bool) -> np.ndarray:
        px = graph.edges[e][2]
        seg = px[: reach + 1] if at_start else px[::-1][: reach + 1]
        d = seg[-1] - seg[0]
        return d / (np.hypot(*d) or 1.0)

    partner: dict[tuple[int, bool], tuple[int, bool]] = {}
    for node in sorted(graph.pos):
        ends = []
        for e in sorted(graph.edges):
            a, b, _ = graph.edges[e]
            if a == node:
                ends.append((e, True))
            if b == node:
                ends.append((e, False))
        pairs = []
        for i in range(len(ends)):
            for j in range(i + 1, len(ends)):
                score = float(np.dot(heading(*ends[i]), heading(*ends[j])))
                pairs.append((score, i, j))
        used: set[int] = set()
        for _, i, j in sorted(pairs):
            if i in used or j in used:
                continue
            used.update((i, j))
            partner[ends[i]] = ends[j]
            partner[ends[j]] = ends[i]
    done: set[int] = set()
    out: list[np.ndarray] = []

    def follow(e: int, forward: bool) -> list[np.ndarray]:
        pieces = []
        while e not in done:
            done.add(e)
            px = graph.edges[e][2]
            pieces.append(px if forward else px[::-1])
            nxt = partner.get((e, not forward))
            if nxt is None:
                break
            e, forward = nxt[0], nxt[1]
        return pieces

    starts = [end for e in sorted(graph.edges) for end in ((e, True), (e, False))]
    for e, at_start in starts:
        if e in done or (e, at_start) in partner:
            continue
        pieces = follow(e, at_start)
        out.append(np.vstack([pieces[0]] + [p[1:] for p in pieces[1:]]))
    for e in sorted(graph.edges):
        if e not in done:
            pieces = follow(e, True)
            out.append(np.vstack([pieces[0]] + [p[1:] for p in pieces[1:]]))
    return out


def _smooth(path: np.ndarray) -> np.ndarray:
    if len(path) < SMOOTH_TAPS:
        return path
    closed = bool(np.allclose(path[0], path[-1]))
    half = SMOOTH_TAPS // 2
    kernel = np.ones(SMOOTH_TAPS) / SMOOTH_TAPS
    if closed:
        ring = path[:-1]
        padded = np.vstack((ring[-half:], ring, ring[:half]))
        out = np.column_stack([np.convolve(padded[:, k], kernel, "valid") for k in (0, 1)])
        return np.vstack((out, out[:1]))
    padded = np.vstack((np.repeat(path[:1], half, 0), path, np.repeat(path[-1:], half, 0)))
    out = np.column_stack([np.convolve(padded[:, k], kernel, "valid") for k in (0, 1)])
    out[0], out[-1] = path[0], path[-1]
    return out


def _simplify(path: np.ndarray, tolerance: float) -> np.ndarray:
    """Ramer-Douglas-Peucker, iterative."""
    if len(path) < 3:
        return path
    keep = np.zeros(len(path), bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(path) - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        a, b = path[i], path[j]
        d = b - a
        norm = np.hypot(*d)
        seg = path[i + 1 : j] - a
        if norm == 0:
            dist = np.hypot(seg[:, 0], seg[:, 1])
        else:
            dist = np.abs(d[0] * seg[:, 1] - d[1] * seg[:, 0]) / norm
        k = int(np.argmax(dist))
        if dist[k] > tolerance:
            m = i + 1 + k
            keep[m] = True
            stack.extend(((i, m), (m, j)))
    return path[keep]
