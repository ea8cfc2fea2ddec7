"""The PC's address on the office network, for the phone to reach (no request is made to find it)."""

from __future__ import annotations

import ipaddress
import socket


def lan_addresses() -> list[str]:
    """IPv4 addresses of this PC's network adapters, private ones first; loopback and 169.254.x left out."""
    found: list[str] = []
    try:
        import ifaddr  # comes with zeroconf; lists adapters on Windows too

        for adapter in ifaddr.get_adapters():
            for ip in adapter.ips:
                if isinstance(ip.ip, str):
                    found.append(ip.ip)
    except Exception:  # no adapter list: what the host name resolves to
        try:
            found = [ai[4][0] for ai in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)]
        except OSError:
            found = []
    out = []
    for text in dict.fromkeys(found):
        try:
            ip = ipaddress.IPv4Address(text)
        except ValueError:
            continue
        if not (ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_unspecified):
            out.append(text)
    return sorted(out, key=lambda a: (not ipaddress.IPv4Address(a).is_private, a))


def best_address() -> str:
    addrs = lan_addresses()
    return addrs[0] if addrs else "127.0.0.1"
