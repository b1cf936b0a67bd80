"""Memories written about the recipient ("she taught me to bake") turned to speak to them
("you taught me to bake"): the letter is addressed to them, so it says "you".

Only she/her and he/him are turned: "they" in a memory is as often other people ("they
closed the café") as the recipient, and guessing wrong would change what the customer said.
"""

from __future__ import annotations

import re

from letters_app.domain.brief import Pronouns


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SUBJECT = {Pronouns.SHE: "she", Pronouns.HE: "he"}
_OTHER_FORMS = {
    Pronouns.SHE: {"hers": "yours", "herself": "yourself"},
    Pronouns.HE: {"him": "you", "his": "your", "himself": "yourself"},
}
_CONTRACTIONS = {"s": "you're", "d": "you'd", "ll": "you'll"}
# "she's been" is "she has been": "you've been", not "you're been".
_PARTICIPLES = _words("been got gone had done seen made taken given")
# After "her", these words mean it was the object ("I gave her a kite"), not "her kite".
_AFTER_OBJECT = _words(
    "a an the to in at on with and or but for about up out back home again so that "
    "this those these my our some every when while before after because as off over "
    "down into onto from by of how what why where who"
)
_ADVERBS = _words(
    "always never still just really often sometimes once finally even also usually "
    "then first actually simply truly"
)
_IRREGULAR = {"is": "are", "was": "were", "has": "have", "does": "do", "doesn't": "don't",
              "isn't": "aren't", "wasn't": "weren't", "hasn't": "haven't", "goes": "go"}
_TOKENS = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?|[^A-Za-z]+")


def addressed(text: str, pronouns: Pronouns) -> str:
    """`text` with the recipient's third-person pronouns turned to the second person."""
    subject = _SUBJECT.get(pronouns)
    if subject is None:
        return text
    tokens = _TOKENS.findall(text)
    words = [i for i, token in enumerate(tokens) if token[0].isalpha()]
    out = list(tokens)
    verb_due = False
    for position, index in enumerate(words):
        word = tokens[index]
        bare, _, ending = word.lower().replace("’", "'").partition("'")
        following = tokens[words[position + 1]].lower() if position + 1 < len(words) else ""
        if bare == subject and (not ending or ending in _CONTRACTIONS):
            full = "you've" if ending == "s" and following in _PARTICIPLES else None
            out[index] = _cased(full or _CONTRACTIONS.get(ending, "you"), word)
            verb_due = not ending
        elif pronouns is Pronouns.SHE and bare == "her" and not ending:
            is_object = not following or following in _AFTER_OBJECT
            out[index] = _cased("you" if is_object else "your", word)
        elif bare in _OTHER_FORMS[pronouns] and not ending:
            out[index] = _cased(_OTHER_FORMS[pronouns][bare], word)
        elif verb_due and word.lower() not in _ADVERBS:
            out[index] = _cased(_plural_verb(word.lower()), word)
            verb_due = False
    return "".join(out)


def _plural_verb(verb: str) -> str:
    """The verb after "you" where it followed "she" or "he": makes → make, carries → carry."""
    verb = verb.replace("’", "'")
    if verb in _IRREGULAR:
        return _IRREGULAR[verb]
    if verb.endswith("ies") and len(verb) > 4:
        return verb[:-3] + "y"
    if verb.endswith(("ches", "shes", "sses", "xes", "zes", "oes")):
        return verb[:-2]
    if verb.endswith("s") and not verb.endswith(("ss", "us", "is")):
        return verb[:-1]
    return verb


def _cased(replacement: str, original: str) -> str:
    return replacement[:1].upper() + replacement[1:] if original[:1].isupper() else replacement
