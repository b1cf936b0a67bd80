"""Sending email: over SMTP when MAIL_URL is set, else into the instance folder's mail/."""

from __future__ import annotations

import html
import re
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path
from urllib.parse import unquote, urlsplit

from letters_app.config import Config
from letters_app.storage import write_atomically

SMTP_TIMEOUT = 20


_URL = re.compile(r"https?://[^\s<>\"]+")


def compose(config: Config, to: str, subject: str, body: str) -> EmailMessage:
    """The email: `body` as plain text, and the same words as HTML for mail apps that prefer
    it (paragraphs kept, links clickable), with the Date and Message-ID every mail needs."""
    message = EmailMessage()
    message["From"] = config.mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(usegmt=True)
    message["Message-ID"] = make_msgid(domain=_domain(config.mail_from))
    message.set_content(body)
    message.add_alternative(as_html(subject, body), subtype="html")
    return message


def as_html(subject: str, body: str) -> str:
    """Plain text as a small HTML page; every piece of text is escaped."""
    paragraphs = [part for part in body.strip().split("\n\n") if part.strip()]
    rendered = "\n".join(
        "<p>" + "<br>\n".join(_linked(line) for line in part.splitlines()) + "</p>"
        for part in paragraphs)
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(subject)}</title></head>\n"
            f'<body style="font-family: Georgia, serif; color: #1f2a44; line-height: 1.5">'
            f"\n{rendered}\n</body></html>\n")


def _linked(line: str) -> str:
    out, last = [], 0
    for match in _URL.finditer(line):
        url = match.group(0)
        out += [html.escape(line[last:match.start()]),
                f'<a href="{html.escape(url)}">{html.escape(url)}</a>']
        last = match.end()
    return "".join([*out, html.escape(line[last:])])


def _domain(sender: str) -> str:
    """The sender's own domain for Message-IDs, as mail servers expect."""
    return parseaddr(sender)[1].rpartition("@")[2] or "localhost"


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
