"""One webhook POST, to the address that was checked: the host is resolved and every address
judged (domain/webhook_targets.py), then the connection goes to that address while the Host
header and TLS (SNI, certificate) still name the host. Redirects are not followed: a 3xx is
an answer like any other that is not 2xx."""

from __future__ import annotations

import http.client
import socket
import ssl
from urllib.parse import urlsplit

from letters_app.domain import webhook_targets


class _PinnedHTTP(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self) -> None:
        raw = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


def post(url: str, body: bytes, headers: dict[str, str], *, allow_private: bool,
         timeout: float) -> int:
    """The status code the endpoint answered; RefusedTarget or OSError if none."""
    scheme, host, port, addresses = webhook_targets.checked_addresses(url, allow_private)
    parts = urlsplit(url.strip())
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    kind = _PinnedHTTPS if scheme == "https" else _PinnedHTTP
    connection = kind(host, port, str(addresses[0]), timeout)
    try:
        connection.request("POST", target, body=body, headers=headers)
        return connection.getresponse().status
    finally:
        connection.close()
