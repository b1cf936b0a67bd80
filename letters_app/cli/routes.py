"""`letters route ...`: which print shop prints letters to which countries."""

from __future__ import annotations

import click

from letters_app.cli.manage import services_from_env
from letters_app.domain import accounts, routing
from letters_app.domain.errors import InvalidInput
from letters_app.domain.models import User


@click.group("route")
def route_group() -> None:
    """Shop routing by the recipient's country."""


@route_group.command("set")
@click.option("--shop", "email", required=True, help="The print-shop account.")
@click.option("--country", "countries", multiple=True, help="ISO code; repeat for several.")
@click.option("--default", "catch_all", is_flag=True,
              help="Also take the countries no other route names.")
def route_set(email: str, countries: tuple[str, ...], catch_all: bool) -> None:
    """Route letters to SHOP by country (replaces the shop's routes; none: it takes none)."""
    services = services_from_env()
    with services.db.session() as session:
        shop = accounts.find_user_by_email(session, email)
        if shop is None:
            raise click.ClickException(f"No account {email}.")
        try:
            routing.set_routes(session, shop, [*countries, *([None] if catch_all else [])])
        except InvalidInput as err:
            raise click.ClickException(str(err)) from err
        session.commit()
    click.echo(f"{email}: {', '.join(countries) or 'no countries'}"
               f"{' + the rest' if catch_all else ''}")


@route_group.command("list")
def route_list() -> None:
    """Every shop's routes."""
    services = services_from_env()
    with services.db.session() as session:
        routes = routing.all_routes(session)
        if not routes:
            click.echo("No routes: every print shop may take every letter.")
        for shop_id, codes in routes.items():
            names = [code or "the rest" for code in codes]
            click.echo(f"{session.get(User, shop_id).email}: {', '.join(names)}")
