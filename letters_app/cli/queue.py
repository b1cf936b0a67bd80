"""`letters queue`: how the work stands, for whoever runs the service."""

from __future__ import annotations

from datetime import timedelta

import click

from letters_app.cli.manage import services_from_env


@click.command("queue")
def queue_command() -> None:
    """Queue depths, letters per status with the oldest of each, and failed renders."""
    from kombu.exceptions import OperationalError

    from letters_app.domain.queue_report import failed_renders, letters_by_status, unsent_jobs
    from letters_app.jobs.depths import queue_depths

    services = services_from_env()
    with services.db.session() as session:
        lines, failures, unsent = (letters_by_status(session), failed_renders(session),
                                   unsent_jobs(session))
    click.echo("Queues:")
    if services.config.tasks_in_process:
        click.echo("  none: no broker is configured, jobs run in-process")
    else:
        try:
            for name, depth in queue_depths(services.config).items():
                click.echo(f"  {name:<24} {depth:>6} waiting")
        except (OSError, OperationalError) as err:
            click.echo(f"  the broker is not answering ({err})")
    click.echo(f"  {'outbox (not yet sent)':<24} {unsent:>6}")
    click.echo("Letters by status:")
    if not lines:
        click.echo("  none")
    for line in lines:
        click.echo(f"  {line.status.value:<20} {line.count:>6}   oldest #{line.oldest_letter_id}, "
                   f"waiting {_age(line.oldest_age)}")
    click.echo("Failed renders:")
    if not failures:
        click.echo("  none")
    for failure in failures:
        click.echo(f"  letter #{failure.letter_id} v{failure.version} {failure.kind} "
                   f"({failure.attempts} attempts): {failure.reason}")


def _age(age: timedelta) -> str:
    minutes = int(age.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours < 48 else f"{hours // 24} days"
