"""Small grammar for customer text: names, relationships, signatures and memories.

Customers type memories any way they like ("the summer we drove to Big Sur", "when you
taught me to bake", "We got lost in Rome."). This module decides how each one can be
framed so the sentence it ends up in reads as English, without ever changing its words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

_SENTENCE_END = re.compile(r"[.!?][\"')\]]*$")


def clean(text: str) -> str:
    """One line, single spaces: customer text must never add lines or paragraphs."""
    return " ".join(text.split())


def word_count(text: str) -> int:
    return len(text.split())


def capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def finish(sentence: str, end: str = ".") -> str:
    """The sentence with final punctuation, never doubled."""
    sentence = sentence.rstrip(" ,;:-")
    return sentence if _SENTENCE_END.search(sentence) else sentence + end


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# -- relationships --------------------------------------------------------------------------

_CATEGORY_WORDS = {
    "professional": (
        "boss manager colleague coworker co-worker mentor teacher professor coach client "
        "supervisor employee employer team doctor nurse director tutor business customer "
        "principal partner-in-business"
    ),
    "partner": (
        "wife husband partner girlfriend boyfriend fiance fiancé fiancee fiancée spouse "
        "sweetheart lover darling beloved love"
    ),
    "family": (
        "mother mom mum mommy mama mam father dad daddy papa pa ma sister brother sibling "
        "grandmother grandma granny gran nana grandfather grandpa granddad grandad son "
        "daughter aunt auntie aunty uncle cousin niece nephew grandson granddaughter "
        "godmother godfather goddaughter godson child kid parents stepmother stepfather "
        "stepmom stepdad stepsister stepbrother mother-in-law father-in-law sister-in-law "
        "brother-in-law family twin"
    ),
    "friend": "friend friends bestie buddy pal mate bff",
    # People we share a place with rather than a bond by name: "so glad to have you as my
    # roommate" reads right, "having you as my roommate has been the steadiest good thing in
    # my life" (a friend's line) does not.
    "other": "roommate flatmate housemate neighbour neighbor classmate",
}
_WORD_CATEGORY = {
    word: category for category, words in _CATEGORY_WORDS.items() for word in words.split()
}
_DETERMINERS = ("my ", "our ", "a ", "an ", "the ")


# Words that date a relationship ("my old friend", "my former boss", "my college roommate"):
# right when the letter calls the recipient by it ("..., my old friend, ..."), wrong after
# "having you as" or "you are", which speak of the present: there the role alone is used.
_DATING_WORDS = _words(
    "old oldest former ex ex- longtime long-time lifelong childhood college school "
    "university uni high-school first previous one-time"
)


@dataclass(frozen=True)
class Relationship:
    phrase: str  # as the customer put it, to call the recipient by: "my oldest friend"
    category: str  # partner, family, friend, professional, other or unknown
    role: str = ""  # ready to follow "as" or "you are": "my friend", "my boss"


def relationship(text: str) -> Relationship:
    text = clean(text).rstrip(".,;:")
    if not text:
        return Relationship("", "unknown")
    words = [w.strip(".,;:'\"()").lower() for w in text.split()]
    words = [w.removesuffix("'s") for w in words]
    category = next((_WORD_CATEGORY[w] for w in words if w in _WORD_CATEGORY), "other")
    if words[0] in _WORD_CATEGORY or words[0] in {"old", "best", "dear", "oldest", "former"}:
        text = text[0].lower() + text[1:]
    if not text.lower().startswith(_DETERMINERS):
        text = "my " + text
    elif text.lower().startswith("my "):
        text = "my " + text[3:]
    return Relationship(text, category, _role(text))


def _role(phrase: str) -> str:
    """The relationship without the words that date it: "my old college roommate" → "my
    roommate". A phrase of dating words only ("my oldest") is kept as it is."""
    determiner, *words = phrase.split()
    kept = [w for w in words if w.lower().strip(",") not in _DATING_WORDS]
    while kept and kept[0].lower() in {"and", "&"}:
        kept.pop(0)
    return " ".join([determiner, *kept]) if kept else phrase


# -- signatures -----------------------------------------------------------------------------

_CLOSING_STARTS = _words(
    "love yours your with warmly sincerely best all always forever fondly affectionately kind "
    "warm warmest regards cheers xo xoxo hugs thinking missing until ever lovingly "
    "respectfully gratefully thank thanks much big lots endlessly faithfully truly from "
    "sending hugs and"
)


def split_signature(signature: str) -> tuple[list[str], str]:
    """(closing lines the customer wrote, if any; the name line).

    "Your loving son, Theo" becomes (["Your loving son,"], "Theo"); "Theo" stays ([], "Theo").
    """
    lines = [clean(line) for line in signature.splitlines() if line.strip()]
    if not lines:
        return [], ""
    if len(lines) > 1:
        closing = [_as_closing_line(line) for line in lines[:-1][-2:]]
        return closing, lines[-1]
    head, comma, name = lines[0].rpartition(",")
    first_word = head.split()[0].lower().strip(".!") if head.split() else ""
    if comma and name.strip() and first_word in _CLOSING_STARTS:
        return [_as_closing_line(head)], name.strip()
    return [], lines[0]


def _as_closing_line(line: str) -> str:
    line = line.rstrip(" ;:-")
    return line if line.endswith((",", "!", ".")) else line + ","


# -- memories -------------------------------------------------------------------------------


class Frame(Enum):
    """How a memory can sit in a sentence."""

    PHRASE = "phrase"  # "the summer we...", "how you...", "dancing in the kitchen"
    CLAUSE = "clause"  # "when we met", "that you came": only after "remember"-like leads
    STATEMENT = "statement"  # a sentence of its own, best after "I keep coming back to this:"
    OWN_WORDS = "own_words"  # "Thank you for...", "I'm so proud...": stands exactly as written
    QUESTION = "question"  # "remember when...": asked back as "Do you remember when...?"


_LOWER_FIRST = _words(
    "the a an our your my his her their this that these those all every each some one when "
    "how what why where while whenever the way we you he she they it there"
)
_CLAUSE_STARTS = _words("when while whenever before after since")
_SUBJECTS = _words("we you he she they it there")
_OWN_WORDS_STARTS = ("thank you", "thanks ", "i ", "i'", "i’")
_NOUN_ING = _words(
    "morning evening wedding spring thing something nothing anything everything king ring "
    "string wing swing ceiling building ending beginning during feeling meeting painting "
    "christening thanksgiving pudding sibling darling earring stocking sing bring cling "
    "evenings mornings weddings outing"
)
_PAST_VERBS = _words(
    "took gave made came went drove sat stood held showed brought taught told let kept left "
    "met found ran rode flew swam sang wrote read put got stayed spent slept ate drank built "
    "fell fought caught bought sent saw knew grew won lost lent paid said"
)
_NOT_PAST = _words("red bed wed shed bred sled need seed feed deed speed weed")


@dataclass(frozen=True)
class Memory:
    text: str  # the customer's words, tidied: first word lower-cased if it is a common word
    frame: Frame
    end: str  # "." or "!"

    def framed(self, lead: str | None, *, joining: bool = False) -> str:
        """The memory in a full sentence after `lead` (None: as short as grammar allows).

        `joining`: another memory came just before, so a bare "thank you" gets an "And".
        """
        if self.frame is Frame.QUESTION:
            return f"Do you {self.text}?"
        if self.frame is Frame.OWN_WORDS and joining and self.text.startswith("thank"):
            return finish(f"And {self.text}", self.end)
        if self.frame is Frame.OWN_WORDS or lead is None:
            return finish(capitalise(self.text), self.end)
        return finish(f"{lead} {self.text}", self.end)


def read_memory(text: str) -> Memory:
    text = clean(text)
    end = "!" if text.endswith("!") else "."
    if text.endswith("?") and not text.lower().startswith("remember"):
        end = "?"
    text = text.rstrip(" .,;:!?") if not _has_inner_sentence(text) else text
    first = text.split()[0]
    word = first.lower().strip("\"'(")
    if _is_common_word(first):
        text = first.lower() + text[len(first) :]
    lowered = text.lower()
    if lowered.startswith(_OWN_WORDS_STARTS) or first == "I":
        return Memory(text, Frame.OWN_WORDS, end)
    if word == "remember" and len(text.split()) > 1:
        return Memory(text.rstrip(" ?"), Frame.QUESTION, "?")
    if _has_inner_sentence(text):
        return Memory(text, Frame.STATEMENT, end)
    if word in _CLAUSE_STARTS or (word == "that" and _second_word(text) in _SUBJECTS | {"i"}):
        return Memory(text, Frame.CLAUSE, end)
    if word in _SUBJECTS:
        return Memory(text, Frame.STATEMENT, end)
    if _is_gerund(word) and re.search(r"\b(me|us|my|our)\b", lowered):
        return Memory(f"you {text}", Frame.PHRASE, end)
    if _is_past_verb(word):
        subject = "you" if re.search(r"\b(me|us|my|our|myself)\b", lowered) else "we"
        return Memory(f"how {subject} {text}", Frame.PHRASE, end)
    return Memory(text, Frame.PHRASE, end)


def _has_inner_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?][\"')]*\s+[A-Z\"']", text))


def _second_word(text: str) -> str:
    words = text.split()
    return words[1].lower() if len(words) > 1 else ""


def _is_common_word(word: str) -> bool:
    bare = word.strip("\"'(").lower()
    if not word[:1].isupper() or word[1:] != word[1:].lower() or word == "I":
        return False
    return (
        bare in _LOWER_FIRST
        or bare in {"remember", "thank", "thanks"}
        or _is_gerund(bare)
        or _is_past_verb(bare)
    )


def _is_gerund(word: str) -> bool:
    return word.endswith("ing") and len(word) > 4 and word not in _NOUN_ING


def _is_past_verb(word: str) -> bool:
    return word in _PAST_VERBS or (word.endswith("ed") and len(word) > 4 and word not in _NOT_PAST)
