"""The country list: every country once, under the name a person calls it in English."""

from __future__ import annotations

from collections import Counter

from letters_app.domain.addresses import AddressInput, countries, validate_address


def test_each_country_is_listed_once_by_code_and_by_name() -> None:
    codes = Counter(code for code, _ in countries())
    names = Counter(name for _, name in countries())
    assert [code for code, n in codes.items() if n > 1] == []
    assert [name for name, n in names.items() if n > 1] == []
    assert all(len(code) == 2 and code.isupper() for code in codes)


def test_countries_go_by_their_common_english_names() -> None:
    names = dict(countries())
    assert names["ES"] == "Spain" and names["IN"] == "India" and names["CA"] == "Canada"
    assert names["FI"] == "Finland" and names["AX"] == "Åland Islands"
    assert names["SG"] == "Singapore" and names["SZ"] == "Eswatini"
    assert names["GG"] == "Guernsey" and names["JE"] == "Jersey"
    assert names["RU"] == "Russia" and names["CZ"] == "Czechia"
    assert names["BA"] == "Bosnia and Herzegovina"
    assert not [name for name in names.values()
                if "Rep." in name or ("(" in name and "Keeling" not in name)]


def test_the_list_is_in_reading_order_with_accents_in_their_letters_place() -> None:
    ordered = [name for _, name in countries()]
    assert ordered.index("Åland Islands") < ordered.index("Albania")
    assert ordered.index("Réunion") < ordered.index("Romania")


def test_a_language_variant_of_the_address_data_is_not_a_country() -> None:
    assert "ES--ca" not in dict(countries())
    spanish = validate_address(AddressInput(name="Pau Serra", street_address="Carrer Gran 1",
                                            city="Barcelona", postal_code="08001",
                                            country_code="ES", country_area="Barcelona"))
    assert spanish.country_code == "ES"
