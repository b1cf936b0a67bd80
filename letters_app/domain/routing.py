"""Shop routing: which print shop prints a letter, by its recipient's country.

A shop's route names a country, or none (the catch-all: countries no route names). A letter
goes to the shops whose route names its country, else to the catch-all shops. Until an admin
sets any route, every shop may take every letter, as before routing existed.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, delete, exists, or_, select
from sqlalchemy.orm import Session

from letters_app.domain.addresses import countries
from letters_app.domain.errors import InvalidInput
from letters_app.domain.models import Address, Letter, Role, ShopRoute, User


def routed_to(shop: User) -> ColumnElement[bool]:
    """A filter for letters (joined to their address) that are routed to `shop`."""
    country = Address.country_code
    named = exists(select(ShopRoute.id).where(ShopRoute.country_code == country))
    mine = exists(select(ShopRoute.id).where(ShopRoute.shop_id == shop.id,
                                             ShopRoute.country_code == country))
    mine_by_default = exists(select(ShopRoute.id).where(ShopRoute.shop_id == shop.id,
                                                        ShopRoute.country_code.is_(None)))
    return or_(~exists(select(ShopRoute.id)), mine, and_(~named, mine_by_default))


def is_routed_to(session: Session, shop: User, letter: Letter) -> bool:
    return session.scalar(select(Letter.id).join(Address, Letter.recipient_address_id
                                                 == Address.id)
                          .where(Letter.id == letter.id, routed_to(shop))) is not None


def set_routes(session: Session, shop: User, country_codes: list[str | None]) -> None:
    """The shop's routes become exactly these countries (None: the catch-all)."""
    if shop.role_enum is not Role.PRINTSHOP:
        raise InvalidInput(f"{shop.email} is not a print shop.")
    known = dict(countries())
    wanted = {code.strip().upper() if code else None for code in country_codes}
    unknown = sorted(c for c in wanted if c is not None and c not in known)
    if unknown:
        raise InvalidInput(f"Unknown countries: {', '.join(unknown)}.",
                           {"countries": "Use ISO codes such as US, GB, DE."})
    session.execute(delete(ShopRoute).where(ShopRoute.shop_id == shop.id))
    session.add_all(ShopRoute(shop_id=shop.id, country_code=code) for code in wanted)
    session.flush()


def all_routes(session: Session) -> dict[int, list[str | None]]:
    """shop id -> its countries (None for the catch-all)."""
    routes: dict[int, list[str | None]] = {}
    for route in session.scalars(select(ShopRoute).order_by(ShopRoute.shop_id)):
        routes.setdefault(route.shop_id, []).append(route.country_code)
    # Countries in order, the catch-all last (the databases sort NULL differently).
    return {shop: sorted(codes, key=lambda c: (c is None, c or "")) for shop, codes in
            routes.items()}
