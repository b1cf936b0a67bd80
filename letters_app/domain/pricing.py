"""What a letter costs: one quote from what the customer chose, in whole cents of one currency.

There is no payment here: the quote is shown before ordering, kept on the order as it was
quoted, and invoiced later. Prices change by editing the tables below; a stored quote does not.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from letters_app.domain.brief import Length
from letters_app.domain.errors import InvalidInput

CURRENCY = "USD"
SYMBOLS = {"USD": "$"}

BASE = {Length.NOTE: 1400, Length.PAGE: 2400, Length.TWO_PAGES: 3800}
PAPER = {"letter": 0, "a4": 0, "a5": 0, "card": 200}
STATIONERY = {"plain": 0, "ruled": 100, "cream": 200}
ENVELOPE = 300
PEN_PLOTTED = 1200  # a pen robot's time and a real pen's ink, for letter and envelope
PEN_PLOTTED_LABEL = "Pen-plotted in ink"
OWN_HAND = 1500  # a letter in the customer's own handwriting, built from their sample sheet
# (fewest days from today to the deliver-by date, name, surcharge), fastest last: a letter
# wanted soon is written, reviewed and posted ahead of the queue.
SPEEDS = ((14, "Standard delivery", 0), (7, "Priority delivery", 800),
          (0, "Express delivery", 1800))


@dataclass(frozen=True)
class QuoteLine:
    label: str
    cents: int


@dataclass(frozen=True)
class Quote:
    lines: tuple[QuoteLine, ...]
    currency: str = CURRENCY

    @property
    def total_cents(self) -> int:
        return sum(line.cents for line in self.lines)

    def as_data(self) -> list[dict[str, object]]:
        """The lines as stored on the order (JSON)."""
        return [{"label": line.label, "cents": line.cents} for line in self.lines]

    @classmethod
    def from_data(cls, lines: list[dict[str, object]], currency: str) -> Quote:
        return cls(tuple(QuoteLine(str(line["label"]), int(str(line["cents"])))
                         for line in lines), currency)


def quote(length: str, paper: str, stationery: str, with_envelope: bool, deliver_by: date,
          today: date, pen_plotted: bool = False, own_hand: bool = False) -> Quote:
    """The price of a letter, line by line; InvalidInput names any option it does not know."""
    errors = {}
    if length not in {item.value for item in Length}:
        errors["length"] = "Choose one of the options."
    for name, table, value in (("paper", PAPER, paper), ("stationery", STATIONERY, stationery)):
        if value not in table:
            errors[name] = "Choose one of the options."
    if errors:
        raise InvalidInput("Please correct the marked fields.", errors)
    chosen = Length(length)
    lines = [QuoteLine(f"Letter, {chosen.label.lower()}", BASE[chosen])]
    if PAPER[paper]:
        lines.append(QuoteLine("Card stock", PAPER[paper]))
    if STATIONERY[stationery]:
        lines.append(QuoteLine(f"{stationery.capitalize()} stationery", STATIONERY[stationery]))
    if with_envelope:
        lines.append(QuoteLine("Addressed envelope", ENVELOPE))
    if pen_plotted:
        lines.append(QuoteLine(PEN_PLOTTED_LABEL, PEN_PLOTTED))
    if own_hand:
        lines.append(QuoteLine("In your own handwriting", OWN_HAND))
    lines.append(_speed((deliver_by - today).days))
    return Quote(tuple(lines))


def _speed(days: int) -> QuoteLine:
    _, label, cents = next((speed for speed in SPEEDS if days >= speed[0]), SPEEDS[-1])
    return QuoteLine(label, cents)


def money(cents: int, currency: str) -> str:
    """'$24.00', or '24.00 EUR' for a currency without a symbol here."""
    amount = f"{cents // 100:,}.{cents % 100:02d}"
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{amount}" if symbol else f"{amount} {currency}"
