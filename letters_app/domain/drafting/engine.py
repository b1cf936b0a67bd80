"""Write a letter's first draft from its brief, with no human writer.

The phrasebooks offer alternative sentences for each part of a letter; the seed shuffles
them once, and the engine then takes as many from the front of each list as the ordered
length needs. Growing a letter never reshuffles, so a seed always means the same letter.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from letters_app.domain.brief import Brief, Length, Occasion, Pronouns, Tone
from letters_app.domain.drafting import addressing, memory_voice, phrasebook, phrasing, signoffs
from letters_app.domain.drafting.phrasing import Frame, Memory
from letters_app.domain.errors import DomainError

MAX_MEMORIES = 12
MAX_MEMORY_WORDS = 60
MAX_NAME_CHARS = 80

# The order in which a letter grows towards its length: a rotation, weighted by repetition.
GROWTH = (
    "middle",
    "portrait",
    "opening_more",
    "middle",
    "wish_more",
    "reflection",
    "portrait",
    "outro",
    "ahead",
    "reflection",
    "ahead",
)
MOST = {  # more reads as padding
    "opening_more": 2,
    "portrait": 3,
    "outro": 1,
    "wish_more": 2,
    "reflection": 6,
    "ahead": 3,
}
REFLECTIONS_BEFORE_BOND = 3  # the rest follow it: six musings in a row read as a list
REQUIRED = ("greeting", "opening", "bond", "wish", "valediction")
MAX_PARAGRAPHS = {Length.NOTE: 3, Length.PAGE: 5, Length.TWO_PAGES: 9}
MEMORIES_PER_PARAGRAPH = 3
SHORT_LEAD_WORDS = 4


class DraftError(DomainError, ValueError):
    """The brief cannot be drafted (missing names, far too much to fit)."""


Fits = Callable[[str], bool]


def write_draft(brief: Brief, seed: int, fits: Fits | None = None) -> str:
    """The first draft of the letter `brief` asks for; the same brief and seed, the same text.

    With `fits` (does this text render within the ordered pages?), a page or two-page letter
    grows until nothing more fits, instead of towards a word count."""
    return _Draft.plan(brief, random.Random(seed), fits).fitted()


@dataclass
class _Draft:
    length: Length
    pools: dict[str, list[str]]
    memories: list[Memory]
    signature: tuple[list[str], str]
    target_words: int
    counts: dict[str, int] = field(default_factory=dict)
    fits: Fits | None = None
    framing: int = 0  # 0: full lead-ins, 1: short ones, 2: as short as grammar allows

    @classmethod
    def plan(cls, brief: Brief, rng: random.Random, fits: Fits | None = None) -> _Draft:
        salutation = phrasing.clean(brief.recipient_salutation) or _first_name(brief)
        salutation = salutation.rstrip(",")
        signature = phrasing.split_signature(brief.sender_signature.strip())
        if not signature[1]:
            signature = ([], phrasing.clean(brief.sender_name))
        _check(brief, salutation, signature[1])
        relation = phrasing.relationship(brief.relationship)
        pools = _pools(
            occasion=brief.occasion,
            tone=_voice(brief.tone, relation.category),
            category=relation.category,
            context={"name": salutation, "relation": relation.phrase, "role": relation.role},
        )
        pools["lead.phrase"] = pools.get("lead.remember", []) + pools.get("lead.about", [])
        for pool_name in sorted(pools):
            rng.shuffle(pools[pool_name])
        low, high = brief.length.word_range
        target = rng.randint(low + (high - low) // 5, (low + high) // 2)
        if fits is not None and brief.length is not Length.NOTE:
            target = 10**6  # fill the measured pages, whatever their word count
        return cls(
            length=brief.length,
            pools=pools,
            memories=_memories(brief.memories, brief.recipient_pronouns),
            signature=signature,
            target_words=target,
            counts={"opening": 1, "bond": 1, "wish": 1},
            fits=fits,
        )

    def _too_long(self, text: str) -> bool:
        counted = self.fits is None or self.length is Length.NOTE
        if counted and phrasing.word_count(text) > self.length.word_range[1]:
            return True
        return self.fits is not None and not self.fits(text)

    def fitted(self) -> str:
        text = self.compose()
        while self._too_long(text) and self.framing < 2:
            self.framing += 1
            text = self.compose()
        if self._too_long(text):
            self.counts["bond"] = 0  # memories come first; they are never dropped
            return self.compose()
        return self._grown(text)

    def _grown(self, text: str) -> str:
        stalled = 0
        steps = iter(GROWTH * 40)
        while phrasing.word_count(text) < self.target_words and stalled < len(GROWTH):
            section = next(steps, None)
            if section is None:
                break
            if not self._can_grow(section):
                stalled += 1
                continue
            self.counts[section] = self.counts.get(section, 0) + 1
            longer = self.compose()
            if self._too_long(longer):
                self.counts[section] -= 1
                stalled += 1
                continue
            text, stalled = longer, 0
        return text

    def _can_grow(self, section: str) -> bool:
        if section == "outro" and not self.memories:
            return False
        most = min(
            MOST.get(section, len(self.pools.get(section, ()))), len(self.pools.get(section, ()))
        )
        return self.counts.get(section, 0) < most

    def compose(self) -> str:
        reflections = self._take("reflection")
        blocks = [
            self._take("opening") + self._take("opening_more"),
            *self._memory_blocks(),
            self._take("portrait"),
            reflections[:REFLECTIONS_BEFORE_BOND],
            self._take("bond") + self._take("middle"),
            reflections[REFLECTIONS_BEFORE_BOND:],
            self._take("ahead") + self._take("wish") + self._take("wish_more"),
        ]
        own_closing, name = self.signature
        # A signature that already signs off ("Deine Nora", "Your Theo") gets no second one.
        signed = signoffs.signs_off(name)
        paragraphs = _paragraphs(blocks, MAX_PARAGRAPHS[self.length])
        closing = own_closing or ([] if signed else [self._valediction(paragraphs)])
        return phrasebook.render_layout(
            greeting=self.pools["greeting"][0], paragraphs=paragraphs, closing=[*closing, name]
        )

    def _valediction(self, paragraphs: list[str]) -> str:
        """The first valediction that does not echo the end of the letter: "Please accept my
        sincere thanks" then "With sincere thanks," says the same thing twice."""
        above = _key_words(" ".join(paragraphs[-2:]))
        pool = self.pools["valediction"]
        return next((v for v in pool if not _key_words(v) & above), pool[0])

    def _take(self, section: str, count: int | None = None) -> list[str]:
        wanted = self.counts.get(section, 0) if count is None else count
        return self.pools.get(section, [])[:wanted]

    def _memory_blocks(self) -> list[list[str]]:
        leads = _Leads(self.pools, short=self.framing == 1)
        sentences = [
            memory.framed(
                "I remember" if self.framing == 2 else leads.next_for(memory.frame),
                joining=index > 0,
            )
            for index, memory in enumerate(self.memories)
        ]
        if not sentences:
            return []
        blocks = [
            sentences[start : start + MEMORIES_PER_PARAGRAPH]
            for start in range(0, len(sentences), MEMORIES_PER_PARAGRAPH)
        ]
        blocks[-1] += self._take("outro")
        return blocks


class _Leads:
    """Hands out lead-ins ("I still think about") so that no two memories share one."""

    def __init__(self, pools: dict[str, list[str]], *, short: bool) -> None:
        def usable(name: str) -> list[str]:
            leads = pools.get(name, [])
            if short:
                leads = [lead for lead in leads if len(lead.split()) <= SHORT_LEAD_WORDS]
            return leads

        self.by_frame = {
            Frame.CLAUSE: usable("lead.remember"),
            Frame.PHRASE: usable("lead.phrase"),
            Frame.STATEMENT: usable("lead.sentence"),
        }
        self.used: set[str] = set()

    def next_for(self, frame: Frame) -> str | None:
        if frame is Frame.STATEMENT and not self.by_frame[Frame.STATEMENT]:
            return None
        candidates = self.by_frame.get(frame) or ["I remember"]
        lead = next((lead for lead in candidates if lead not in self.used), candidates[0])
        self.used.add(lead)
        return lead


_WORD = re.compile(r"[a-zà-ÿ]+")
# Words that do not make an echo between a closing and the paragraphs above it: small
# function words, and the words of love and constancy that loving letters say throughout and
# end with, as people do ("I love you ... / All my love,").
_COMMON = frozenset(("with", "my", "all", "your", "yours", "and", "the", "for", "you", "of", "it",
                     "to", "a", "me", "i", "so", "love", "always", "ever", "forever"))


def _key_words(text: str) -> frozenset[str]:
    """Lower-case word stems ("thanks" and "thank" alike) that are not small function words."""
    return frozenset(w.removesuffix("s") for w in _WORD.findall(text.lower()) if w not in _COMMON)


def _voice(tone: Tone, category: str) -> str:
    """The tone the templates write in: no romance towards a grandmother or a boss."""
    if tone is Tone.ROMANTIC and category in {"family", "professional"}:
        return Tone.HEARTFELT.value
    return tone.value


def _pools(
    *, occasion: Occasion, tone: str, category: str, context: dict[str, str]
) -> dict[str, list[str]]:
    pools: dict[str, list[str]] = {}
    for book in (*phrasebook.SHARED_BOOKS, f"{occasion.value}.txt.j2"):
        for line in phrasebook.render_lines(book, context):
            if line.suits.match(tone=tone, occasion=occasion.value, category=category):
                pool = pools.setdefault(line.section, [])
                if line.text not in pool:
                    pool.append(line.text)
    missing = [section for section in REQUIRED if not pools.get(section)]
    if missing:
        raise phrasebook.PhrasebookError(
            f"no {', '.join(missing)} for {occasion.value}/{tone}/{category}"
        )
    return pools


def _memories(raw: Sequence[str], pronouns: Pronouns) -> list[Memory]:
    seen: set[str] = set()
    memories = []
    for text in raw:
        text = memory_voice.as_memory(addressing.addressed(phrasing.clean(text), pronouns))
        if text and text.lower() not in seen:
            seen.add(text.lower())
            memories.append(phrasing.read_memory(text))
    return memories


def _paragraphs(blocks: list[list[str]], most: int) -> list[str]:
    """Join sentence blocks into paragraphs, merging the shortest neighbours to fit `most`."""
    blocks = [block for block in blocks if block]
    for i in range(len(blocks) - 2, 0, -1):
        if len(blocks[i]) == 1:  # a lone sentence mid-letter reads as an afterthought
            blocks[i : i + 2] = [blocks[i] + blocks[i + 1]]
    while len(blocks) > most:
        sizes = [
            sum(phrasing.word_count(s) for s in blocks[i] + blocks[i + 1])
            for i in range(len(blocks) - 1)
        ]
        i = sizes.index(min(sizes))
        blocks[i : i + 2] = [blocks[i] + blocks[i + 1]]
    return [" ".join(block) for block in blocks]


def _first_name(brief: Brief) -> str:
    words = phrasing.clean(brief.recipient_name).split()
    return words[0] if words else ""


def _check(brief: Brief, salutation: str, signature_name: str) -> None:
    if not salutation:
        raise DraftError("The letter needs the recipient's name or how you address them.")
    if not signature_name:
        raise DraftError("The letter needs a signature or the sender's name.")
    if max(len(salutation), len(signature_name)) > MAX_NAME_CHARS:
        raise DraftError(f"Names and signatures are limited to {MAX_NAME_CHARS} characters.")
    if len(brief.memories) > MAX_MEMORIES:
        raise DraftError(f"A letter can carry at most {MAX_MEMORIES} memories.")
    if any(phrasing.word_count(memory) > MAX_MEMORY_WORDS for memory in brief.memories):
        raise DraftError(f"Each memory is limited to {MAX_MEMORY_WORDS} words.")
