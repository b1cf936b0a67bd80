"""Sending email: over SMTP when MAIL_URL is set, else into the instance folder's mail/."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path
from urllib.parse import unquote, urlsplit

from letters_app.config import Config
from letters_app.storage import write_atomically

SMTP_TIMEOUT = 20


def compose(config: Config, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = config.mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain="letters")
    message.set_content(body)
    return message


def send(config: Config, message: EmailMessage) -> None:
    if config.mail_url is None:
        _to_folder(config.instance_dir / "mail", message)
        return
    url = urlsplit(config.mail_url)
    if url.scheme not in {"smtp", "smtps", "smtp+starttls"}:
        raise ValueError(f"MAIL_URL must start with smtp://, smtps:// or smtp+starttls://, "
                         f"not {url.scheme}://")
    host, port = url.hostname or "127.0.0.1", url.port
    if url.scheme == "smtps":
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, port or 465, timeout=SMTP_TIMEOUT,
                                                context=ssl.create_default_context())
    else:
        client = smtplib.SMTP(host, port or 25, timeout=SMTP_TIMEOUT)
    with client:
        if url.scheme == "smtp+starttls":
            client.starttls(context=ssl.create_default_context())
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
        client.send_message(message)


def _to_folder(folder: Path, message: EmailMessage) -> None:
    """Development: each email becomes a file to open, named by its Message-ID."""
    name = message["Message-ID"].strip("<>").replace("/", "_") + ".eml"
    write_atomically(folder / name, message.as_bytes())
