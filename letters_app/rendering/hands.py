"""The font registry: the hands listed in fonts/hands.toml, and where their files live."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from functools import cache
from pathlib import Path

import letters_app

from .errors import RenderError, UnknownHand

FONTS_ENV = "LETTERS_FONTS_DIR"


@dataclass(frozen=True)
class Variation:
    """How much a hand wanders; units are documented in fonts/hands.toml."""

    glyph_baseline: float = 0.0
    glyph_rotation: float = 0.0
    glyph_scale: float = 0.0
    glyph_spacing: float = 0.0
    word_spacing: float = 0.15
    word_rotation: float = 0.6
    word_baseline: float = 0.02
    word_scale: float = 0.02
    line_slope: float = 0.4
    baseline_wave: float = 0.05
    margin_drift: float = 2.5
    slant: float = 2.0
    ink_tone: float = 0.07
    pressure: tuple[float, float] = (0.0, 16.0)


@dataclass(frozen=True)
class Hand:
    name: str
    display_name: str
    description: str
    connected: bool
    size: float
    line_height: float
    alternates: float
    word_space: float  # times the font's own space
    warp: float  # em, how far the outline warps between drawings of a glyph
    variation: Variation
    font_path: Path
    licence_path: Path
    # A customer's own hand: every instance takes one of the forms they wrote (the font's
    # `.alt1`/`.alt2` glyphs), never the form of the same character's previous instance.
    own_forms: bool = False

    @property
    def leading(self) -> float:
        """Baseline-to-baseline distance in points."""
        return self.size * self.line_height


def fonts_dir() -> Path:
    override = os.environ.get(FONTS_ENV)
    if override:
        return Path(override)
    return _bundled_fonts()


@cache
def _bundled_fonts() -> Path:
    return Path(letters_app.__file__).resolve().parent.parent / "fonts"


OWN_PREFIX = "own-"
_OWN: dict[str, Hand] = {}
# Where an own hand not drawn yet in this process is looked up: callables that return the
# Hand (after register_own_hand) or None, held weakly (a finished app's source goes with it).
OwnHandSource = Callable[[], Callable[[str], "Hand | None"] | None]
_SOURCES: list[OwnHandSource] = []


def list_hands() -> list[Hand]:
    """The stock hands; a customer's own hand is offered to that customer only."""
    return list(_registry(fonts_dir()).values())


def get_hand(name: str) -> Hand:
    if name in _OWN and _OWN[name].font_path.exists():
        return _OWN[name]
    if name.startswith(OWN_PREFIX):
        found = _from_sources(name)
        if found is not None:
            return found
    registry = _registry(fonts_dir())
    try:
        return registry[name]
    except KeyError:
        raise UnknownHand(name, list(registry)) from None


def add_own_hand_source(source: OwnHandSource) -> None:
    """Let the renderer find own hands by name: the newest source is asked first."""
    _SOURCES[:] = [alive for alive in _SOURCES if alive() is not None]
    _SOURCES.append(source)


def _from_sources(name: str) -> Hand | None:
    for source in reversed(_SOURCES):
        find = source()
        hand = find(name) if find is not None else None
        if hand is not None:
            return hand
    return None


def refresh_own_hand(name: str) -> Hand:
    """Ask the sources again about an own hand (its centre lines may have been built since
    this process first drew it)."""
    _OWN.pop(name, None)
    return get_hand(name)


def register_own_hand(name: str, display_name: str, font_path: Path,
                      settings: dict[str, object]) -> Hand:
    """Make a customer's built font (a TTF file on this machine) drawable under `name`, which
    starts with OWN_PREFIX and names that font's content for good: a rebuilt hand gets a new
    name, so nothing cached under the old one goes stale. `settings`: as a hands.toml entry
    gives them (size, line_height, warp, variation...)."""
    if not name.startswith(OWN_PREFIX):
        raise RenderError(f"an own hand's name starts with {OWN_PREFIX!r}, not {name!r}")
    hand = _OWN.get(name)
    if hand is None or hand.font_path != font_path:
        entry = {**settings, "display_name": display_name,
                 "description": "Your own handwriting.", "file": font_path.name,
                 "licence": font_path.name}
        hand = _OWN[name] = replace(_hand(font_path.parent, name, entry), own_forms=True)
    return hand


@cache
def _registry(folder: Path) -> dict[str, Hand]:
    manifest = folder / "hands.toml"
    try:
        data = tomllib.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RenderError(f"no hands manifest at {manifest}") from None
    return {slug: _hand(folder, slug, entry) for slug, entry in data["hands"].items()}


def _hand(folder: Path, slug: str, entry: dict) -> Hand:
    known = {f.name for f in fields(Variation)}
    raw = entry.get("variation", {})
    unknown = set(raw) - known
    if unknown:
        raise RenderError(f"hand {slug!r}: unknown variation keys {sorted(unknown)}")
    if "pressure" in raw:
        raw = {**raw, "pressure": tuple(raw["pressure"])}
    return Hand(
        name=slug,
        display_name=entry["display_name"],
        description=entry["description"],
        connected=bool(entry["connected"]),
        size=float(entry["size"]),
        line_height=float(entry["line_height"]),
        alternates=float(entry.get("alternates", 0.0)),
        word_space=float(entry.get("word_space", 1.0)),
        warp=float(entry.get("warp", 0.0)),
        variation=Variation(**raw),
        font_path=folder / entry["file"],
        licence_path=folder / entry["licence"],
    )
