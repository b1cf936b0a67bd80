"""Where a webhook may point: only at public addresses. An endpoint on our own network (the
cloud's metadata service at 169.254.169.254, a database on 10.x, the app itself on loopback)
would let a client make our servers send requests it cannot send itself.

The check runs at registration and again at each delivery, after DNS resolution, on every
address the name resolves to; the delivery then connects to the address that was checked, so
a name that resolves to a public address first and a private one a moment later (DNS
rebinding) gets nowhere. Development and the tests allow private addresses (their
receivers are on loopback) through one setting, WEBHOOK_ALLOW_PRIVATE.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from urllib.parse import urlsplit

from letters_app.domain.errors import InvalidInput

IP = ipaddress.IPv4Address | ipaddress.IPv6Address
NAT64 = ipaddress.ip_network("64:ff9b::/96")  # the last 32 bits are an IPv4 address
# Names that are private by definition, whatever a resolver says about them.
PRIVATE_NAMES = ("localhost", ".localhost", ".local", ".internal", ".home.arpa")


class RefusedTarget(InvalidInput):
    """A webhook URL that points somewhere we do not send requests."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"Webhook URLs must point at a public internet address: {reason}.",
                         {"url": reason})


class Unresolved(RefusedTarget):
    """The name has no address (now): nothing to send to, nothing to judge."""


def refusal(ip: IP) -> str | None:
    """Why no webhook may go to `ip`, or None for a public address."""
    inner = _embedded_ipv4(ip)
    if inner is not None:
        return refusal(inner)
    for flag, reason in (("is_unspecified", "an unspecified address (0.0.0.0, ::)"),
                         ("is_loopback", "a loopback address"),
                         ("is_link_local", "a link-local address (such as the cloud metadata "
                                           "service)"),
                         ("is_multicast", "a multicast address"),
                         ("is_private", "a private network address"),
                         ("is_reserved", "a reserved address")):
        if getattr(ip, flag):
            return f"{ip} is {reason}"
    if not ip.is_global:  # shared (100.64/10), documentation, benchmarking ranges...
        return f"{ip} is not a public address"
    return None


def _embedded_ipv4(ip: IP) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (::ffff:a.b.c.d, NAT64, 6to4, Teredo), if any."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip in NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if ip.sixtofour is not None:
        return ip.sixtofour
    return ip.teredo[1] if ip.teredo is not None else None


def literal_ip(host: str) -> IP | None:
    """The address `host` spells, in any spelling a resolver accepts: 2130706433, 0x7f.1,
    0177.0.0.1 and 127.1 are all 127.0.0.1 to inet_aton, so they are to us."""
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        pass
    try:
        return ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return None


def split_target(url: str) -> tuple[str, str, int]:
    """The URL's scheme, host and port, or RefusedTarget."""
    url = url.strip()
    if any(c.isspace() or not c.isprintable() for c in url):
        raise RefusedTarget("it has spaces or control characters in it")
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        raise RefusedTarget("the port is not a number from 1 to 65535") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedTarget("it is not an http(s) URL")
    if parts.username is not None or parts.password is not None:
        raise RefusedTarget("it carries a user name or password")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


def check_registration(url: str, allow_private: bool) -> None:
    """RefusedTarget for a URL that spells or resolves to a private address now. A name
    that does not resolve yet is taken (its DNS may come later): every delivery checks
    again, and that check is the one that counts."""
    with contextlib.suppress(Unresolved):
        checked_addresses(url, allow_private)


def checked_addresses(url: str, allow_private: bool) -> tuple[str, str, int, list[IP]]:
    """Scheme, host, port and every address the host resolves to, each one public (or
    RefusedTarget naming the first that is not; any private one refuses the whole name, as
    a resolver may hand it out at any time)."""
    scheme, host, port = split_target(url)
    ip = literal_ip(host)
    if ip is not None:
        addresses = [ip]
    else:
        name = host.rstrip(".")  # "localhost." is the same name, fully qualified
        if not allow_private and (name == "localhost" or name.endswith(PRIVATE_NAMES)):
            raise RefusedTarget(f"{host} is a name for a private network")
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError):
            raise Unresolved(f"{host} does not resolve") from None
        addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0].split("%", 1)[0])
                                       for info in found))
    if not allow_private:
        for address in addresses:
            reason = refusal(address)
            if reason:
                raise RefusedTarget(reason)
    if not addresses:
        raise Unresolved(f"{host} does not resolve")
    return scheme, host, port, addresses
