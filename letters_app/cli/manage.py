"""Commands that run the service: database, demo data, tokens, the dev server, the relay."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import click

from letters_app import migrations
from letters_app.config import Config, ConfigError
from letters_app.domain import accounts
from letters_app.domain.errors import DomainError, InvalidInput
from letters_app.domain.models import MAX_ID, Role
from letters_app.services import Services


def services_from_env() -> Services:
    try:
        return Services.create(Config.from_env())
    except ConfigError as err:
        raise click.ClickException(str(err)) from err


@click.group("db")
def db_group() -> None:
    """Database schema."""


@db_group.command("upgrade")
@click.option("--revision", default="head", show_default=True)
def db_upgrade(revision: str) -> None:
    """Create or migrate the database schema."""
    services = services_from_env()
    migrations.upgrade(services.config.database_url, revision)
    click.echo(f"Database at {_safe_url(services.config.database_url)} is at {revision}.")


@db_group.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Step the schema back to REVISION (e.g. 0001), for rolling back a release."""
    services = services_from_env()
    migrations.downgrade(services.config.database_url, revision)
    click.echo(f"Database at {_safe_url(services.config.database_url)} is at {revision}.")


def _safe_url(url: str) -> str:
    scheme, sep, rest = url.partition("://")
    return scheme + sep + rest.split("@")[-1]


@click.command("seed-demo")
def seed_demo() -> None:
    """Create demo accounts and letters (once) and print the logins."""
    from letters_app.demo import DEMO_PASSWORD, DEMO_USERS
    from letters_app.demo import seed_demo as seed

    services = services_from_env()
    with services.db.session() as session:
        result = seed(session, services.storage)
    click.echo(f"Demo logins (password for all: {DEMO_PASSWORD}):")
    for email, _name, role in DEMO_USERS:
        click.echo(f"  {role.value:<10} {email}")
    if result.printshop_token:
        click.echo(f"Print-shop API token (shown once): {result.printshop_token}")
    elif not result.created:
        click.echo("Demo data already present; use `letters token create` for a new token.")


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.CUSTOMER.value)
@click.password_option()
def create_user(email: str, name: str, role: str, password: str) -> None:
    """Create an account (staff, print shops and business clients are created this way)."""
    services = services_from_env()
    with _domain_errors_as_messages(), services.db.session() as session:
        user = accounts.create_user(session, email=email, name=name, password=password,
                                    role=Role(role))
        click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@contextmanager
def _domain_errors_as_messages() -> Iterator[None]:
    """A refused command says why, per field, like the web forms do; no traceback."""
    try:
        yield
    except InvalidInput as err:
        details = "".join(f"\n  {field}: {message}" for field, message in err.field_errors.items())
        raise click.ClickException(f"{err}{details}") from err
    except DomainError as err:
        raise click.ClickException(str(err)) from err


@click.group("token")
def token_group() -> None:
    """API tokens for machine clients."""


@token_group.command("create")
@click.option("--email", required=True,
              help="The print-shop or business account the token acts as.")
@click.option("--name", default="api client", show_default=True)
@click.option("--scope", "scopes", multiple=True,
              type=click.Choice(sorted(accounts.KNOWN_SCOPES)),
              help="Repeat for several; default: every scope the account's role allows "
                   "(print:read print:write for print shops, orders for business clients).")
def token_create(email: str, name: str, scopes: tuple[str, ...]) -> None:
    """Issue a token; the secret is printed once and only its hash is kept."""
    services = services_from_env()
    with _domain_errors_as_messages(), services.db.session() as session:
        user = accounts.find_user_by_email(session, email)
        if user is None:
            raise click.ClickException(f"No account {email}.")
        try:
            issued = accounts.issue_token(session, user, name=name, scopes=set(scopes))
        except InvalidInput as err:
            raise click.ClickException(str(err)) from err
        click.echo(f"Token {issued.token.id} for {email}: {issued.secret}")


@token_group.command("revoke")
@click.option("--email", required=True)
@click.argument("token_id", type=click.IntRange(1, MAX_ID))
def token_revoke(email: str, token_id: int) -> None:
    """Revoke a token by id."""
    services = services_from_env()
    with _domain_errors_as_messages(), services.db.session() as session:
        user = accounts.find_user_by_email(session, email)
        if user is None:
            raise click.ClickException(f"No account {email}.")
        accounts.revoke_token(session, user, token_id)
    click.echo(f"Token {token_id} revoked.")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True)
def serve(host: str, port: int) -> None:
    """Run the development server (production: gunicorn, see the README)."""
    from letters_app.web import create_app

    try:
        app = create_app(served_config(host, port, dict(os.environ)))
    except ConfigError as err:
        raise click.ClickException(str(err)) from err
    app.run(host=host, port=port, debug=False, use_reloader=False)


def served_config(host: str, port: int, environ: dict[str, str]) -> Config:
    """The configuration of a server on `host`:`port`: without SITE_URL, links in emails
    point at this very server (`make run PORT=5101` mails 5101 links)."""
    if not environ.get("SITE_URL"):
        shown = "127.0.0.1" if host in {"0.0.0.0", "::", ""} else host
        environ = {**environ, "SITE_URL": f"http://{shown}:{port}"}
    return Config.from_env(environ)


@click.command("purge-idempotency-keys")
def purge_idempotency_keys() -> None:
    """Forget the API's Idempotency-Key answers older than 24 hours (the beat does this
    hourly; without a worker, run it from cron)."""
    from letters_app.jobs.handlers import purge_idempotency_keys as purge

    click.echo(f"Purged {purge(services_from_env())} expired idempotency key(s).")


@click.command("relay")
def relay() -> None:
    """Send queued task messages now (the beat sweep also does this every minute)."""
    click.echo(f"Relayed {services_from_env().relay()} message(s).")
