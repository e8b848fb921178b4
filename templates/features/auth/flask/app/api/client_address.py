"""The client's address for the rate limits, found the way uvicorn finds it for FastAPI:
the peer, unless the peer is a trusted proxy (FORWARDED_ALLOW_IPS, the variable gunicorn
reads too), in which case the nearest untrusted address in X-Forwarded-For. Anyone else's
X-Forwarded-For is ignored, so a client cannot pick a fresh address per attempt."""

import ipaddress
from functools import lru_cache

from flask import request

from app.api.deps import get_settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _trusted(setting: str) -> tuple[bool, tuple[Network, ...]]:
    parts = [part.strip() for part in setting.split(",") if part.strip()]
    networks = []
    for part in parts:
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            continue  # a host name or "*": never equal to an address
    return "*" in parts, tuple(networks)


def is_trusted(host: str, setting: str) -> bool:
    any_host, networks = _trusted(setting)
    if any_host:
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(address in network for network in networks)


def client_address() -> str | None:
    peer = request.remote_addr
    setting = get_settings().forwarded_allow_ips
    if not peer or not is_trusted(peer, setting):
        return peer
    hops = [
        hop.strip()
        for header in request.headers.getlist("X-Forwarded-For")
        for hop in header.split(",")
        if hop.strip()
    ]
    for hop in reversed(hops):
        if not is_trusted(hop, setting):
            return hop
    return hops[0] if hops else peer
