"""The price of a letter comes from its choices, line by line, in whole cents."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from letters_app import rendering
from letters_app.domain import pricing
from letters_app.domain.brief import Length
from letters_app.domain.errors import InvalidInput

TODAY = date(2026, 12, 1)


def _quote(**changes: object) -> pricing.Quote:
    choices: dict[str, object] = {"length": "page", "paper": "letter", "stationery": "plain",
                                  "with_envelope": False,
                                  "deliver_by": TODAY + timedelta(days=20), "today": TODAY}
    choices.update(changes)
    return pricing.quote(**choices)  # type: ignore[arg-type]


def test_a_plain_page_by_standard_delivery_costs_the_base_price() -> None:
    quote = _quote()
    assert quote.currency == "USD"
    assert [(line.label, line.cents) for line in quote.lines] == [
        ("Letter, one page", 2400), ("Standard delivery", 0)]
    assert quote.total_cents == 2400


def test_each_choice_adds_its_own_line() -> None:
    quote = _quote(length="two_pages", paper="card", stationery="cream", with_envelope=True)
    assert [(line.label, line.cents) for line in quote.lines] == [
        ("Letter, two pages", 3800), ("Card stock", 200), ("Cream stationery", 200),
        ("Addressed envelope", 300), ("Standard delivery", 0)]
    assert quote.total_cents == 4500


def test_pen_plotted_in_ink_is_its_own_line_before_delivery() -> None:
    quote = _quote(with_envelope=True, pen_plotted=True)
    assert [(line.label, line.cents) for line in quote.lines] == [
        ("Letter, one page", 2400), ("Addressed envelope", 300), ("Pen-plotted in ink", 1200),
        ("Standard delivery", 0)]
    assert quote.total_cents == 3900


@pytest.mark.parametrize(("days", "label", "cents"), [
    (14, "Standard delivery", 0), (13, "Priority delivery", 800), (7, "Priority delivery", 800),
    (6, "Express delivery", 1800), (2, "Express delivery", 1800)])
def test_the_sooner_the_deliver_by_date_the_faster_and_dearer_the_delivery(
        days: int, label: str, cents: int) -> None:
    speed = _quote(deliver_by=TODAY + timedelta(days=days)).lines[-1]
    assert (speed.label, speed.cents) == (label, cents)


def test_every_option_the_form_offers_has_a_price() -> None:
    assert set(pricing.PAPER) == set(rendering.PAPERS)
    assert set(pricing.STATIONERY) == set(rendering.STATIONERY)
    assert set(pricing.BASE) == set(Length)


def test_an_unknown_option_is_named_not_priced() -> None:
    with pytest.raises(InvalidInput) as err:
        _quote(paper="papyrus", stationery="gold", length="novel")
    assert set(err.value.field_errors) == {"paper", "stationery", "length"}


def test_a_stored_quote_reads_back_the_same() -> None:
    quote = _quote(with_envelope=True)
    assert pricing.Quote.from_data(quote.as_data(), quote.currency) == quote


def test_money_is_written_with_its_symbol_or_its_code() -> None:
    assert pricing.money(2400, "USD") == "$24.00"
    assert pricing.money(123456, "USD") == "$1,234.56"
    assert pricing.money(5, "EUR") == "0.05 EUR"


def test_a_letter_in_the_customers_own_hand_costs_the_own_hand_option() -> None:
    quote = _quote(own_hand=True)
    assert ("In your own handwriting", pricing.OWN_HAND) in [
        (line.label, line.cents) for line in quote.lines]
    assert quote.total_cents == _quote().total_cents + pricing.OWN_HAND
