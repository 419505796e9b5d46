"""Where a webhook may send: the guard against requests to our own network (SSRF).

A manager types an address; the worker, inside our network, POSTs to it. Unless
``WEBHOOKS_ALLOW_PRIVATE`` is on, an address whose host is, or resolves to, anything but a
public (globally routable) address is refused: loopback, private ranges, link-local (the
cloud metadata service at 169.254.169.254), carrier-grade NAT, multicast, reserved and
unspecified addresses, and IPv6 forms of them (``::ffff:127.0.0.1``).

The check runs twice: when the address is registered (a clear message on the form), and again
at every send, on the addresses the name resolves to then. The send connects to the very
address that passed (``sending``), so a name that resolves to a public address for the check
and to 127.0.0.1 a moment later (DNS rebinding) gains nothing.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

DEFAULT_PORTS = {"http": 80, "https": 443}


class Refused(Exception):
    """An address the tracker will not send to; the message says why, for people."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as typed (for the Host header and the certificate check)
    port: int
    path: str  # path and query, at least "/"


def parse(url: str) -> Target:
    """The parts of ``url``, or Refused if it is not a plain http(s) address."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise Refused(_("This is not a valid web address.")) from None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise Refused(_("The address must start with https:// (or http://)."))
    if scheme == "http" and not settings.WEBHOOKS_ALLOW_HTTP:
        raise Refused(_("The address must start with https://: plain http is not allowed here."))
    if parts.username is not None or parts.password is not None:
        raise Refused(
            _("The address must not carry a user name or password; the signature proves it is us.")
        )
    if not parts.hostname:
        raise Refused(_("The address has no host name."))
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return Target(scheme, parts.hostname, port or DEFAULT_PORTS[scheme], path)


def refusal_for(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why the tracker will not send to ``address``, or None if it may."""
    if settings.WEBHOOKS_ALLOW_PRIVATE:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if address.is_loopback:
        return _("%(address)s is this machine (loopback).") % {"address": address}
    if address.is_multicast or not address.is_global:
        return _("%(address)s is a private or reserved address, inside a network.") % {
            "address": address
        }
    return None


def check_host_literal(host: str) -> None:
    """Refuse an address typed as an IP (or ``localhost``) without asking DNS."""
    name = host.lower().rstrip(".")
    if (name == "localhost" or name.endswith(".localhost")) and not settings.WEBHOOKS_ALLOW_PRIVATE:
        raise Refused(_("%(host)s is this machine (loopback).") % {"host": host})
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return
    if reason := refusal_for(address):
        raise Refused(reason + " " + _("Private and loopback addresses are not allowed."))


def resolve(target: Target) -> list[str]:
    """The addresses ``target``'s host has now, each allowed, or Refused. Every address the
    name resolves to must be allowed: a name with one public and one private address could
    otherwise be sent to the private one by a later lookup."""
    check_host_literal(target.host)
    try:
        found = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise Refused(_("The host %(host)s was not found.") % {"host": target.host}) from None
    addresses = []
    for _family, _type, _proto, _name, sockaddr in found:
        address = ipaddress.ip_address(sockaddr[0].split("%", 1)[0])
        if reason := refusal_for(address):
            raise Refused(
                _("%(host)s resolves to %(reason)s Private and loopback addresses are not allowed.")
                % {"host": target.host, "reason": reason}
            )
        if str(address) not in addresses:
            addresses.append(str(address))
    if not addresses:
        raise Refused(_("The host %(host)s was not found.") % {"host": target.host})
    return addresses


def check(url: str) -> Target:
    """For the form: the address parsed, its host resolved and every address allowed."""
    target = parse(url)
    resolve(target)
    return target
