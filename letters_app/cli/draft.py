"""`letters draft BRIEF.json`: the template engine's draft for a brief, as the web makes it."""

from __future__ import annotations

import json
from pathlib import Path

import click

BRIEF_TEXT_KEYS = (
    "sender_name",
    "sender_signature",
    "relationship",
    "recipient_name",
    "recipient_salutation",
)
FIRST_VERSION = 1  # the engine's first draft of a letter is its version 1


@click.command("draft")
@click.argument("brief_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def draft_command(brief_file: Path) -> None:
    """Print the engine's draft for a brief; `letters render` of it in the same hand, paper,
    stationery and seed fills exactly the ordered pages."""
    from letters_app import rendering
    from letters_app.domain.brief import Brief, Length, Occasion, Tone
    from letters_app.domain.drafting import DraftError
    from letters_app.domain.drafting.measured import engine_draft

    try:
        data = json.loads(brief_file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise click.ClickException(f"{brief_file} is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise click.ClickException("the brief must be a JSON object")
    known = {"occasion", "tone", "length", "hand", "paper", "stationery", "memories", "seed"}
    unknown = sorted(set(data) - known - set(BRIEF_TEXT_KEYS))
    if unknown:
        raise click.ClickException(f"unknown key {unknown[0]!r}")

    def choice(key: str, options: list[str], default: str) -> str:
        value = data.get(key, default)
        if value not in options:
            raise click.ClickException(f"{key}: {value!r} is not one of {', '.join(options)}")
        return value

    def text(key: str) -> str:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise click.ClickException(f"{key}: must be a string")
        return value

    # The order form's defaults: the first occasion, tone, hand, paper and stationery; a page.
    hands = [h.name for h in rendering.list_hands()]
    occasion = choice("occasion", [o.value for o in Occasion], next(iter(Occasion)).value)
    tone = choice("tone", [t.value for t in Tone], next(iter(Tone)).value)
    length = choice("length", [n.value for n in Length], Length.PAGE.value)
    hand = choice("hand", hands, hands[0])
    paper = choice("paper", list(rendering.PAPERS), next(iter(rendering.PAPERS)))
    stationery = choice("stationery", list(rendering.STATIONERY), "plain")
    memories = data.get("memories", [])
    if not isinstance(memories, list) or not all(isinstance(m, str) for m in memories):
        raise click.ClickException("memories: must be a list of strings")
    seed = data.get("seed", 1)
    if not isinstance(seed, int) or isinstance(seed, bool):
        raise click.ClickException("seed: must be a whole number")
    brief = Brief(
        **{key: text(key) for key in BRIEF_TEXT_KEYS},
        occasion=Occasion(occasion),
        tone=Tone(tone),
        length=Length(length),
        memories=tuple(memories),
    )
    style = rendering.LetterStyle(hand=hand, paper=paper, stationery=stationery)
    try:
        click.echo(engine_draft(brief, style, seed, FIRST_VERSION), nl=False)
    except DraftError as exc:
        raise click.ClickException(str(exc)) from None
