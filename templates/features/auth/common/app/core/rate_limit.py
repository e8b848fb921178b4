"""Brute-force protection for login, register, refresh and password reset, shared by both
frameworks.

The route passes the client's address and the account it names (the email sent, or the
refresh token presented); one attempt is counted per client and per account, and
`RateLimited` (429, with Retry-After) is raised once any limit is reached. Counts live
in memory, or in Redis when REDIS_URL is set so that every worker and host shares them.
"""

import hashlib
import ipaddress
import math
import time
from typing import Literal

from limits import RateLimitItem, parse_many
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

from app.core.config import Settings
from app.core.emails import normalise_email
from app.core.errors import RateLimited

Action = Literal[
    "login", "register", "refresh", "password-change", "password-reset", "password-reset-confirm"
]

MEMORY_STORAGE = "memory://"
# A login must not hang on an unreachable Redis: fail (500, logged) after this long.
REDIS_TIMEOUT_SECONDS = 2.0
# One IPv6 client usually holds a whole /64; counting per address would let it rotate.
IPV6_CLIENT_PREFIX = 64


def storage_for(settings: Settings) -> Storage:
    if not settings.redis_url:
        storage = storage_from_string(MEMORY_STORAGE)
    else:
        storage = storage_from_string(
            settings.redis_url,
            socket_timeout=REDIS_TIMEOUT_SECONDS,
            socket_connect_timeout=REDIS_TIMEOUT_SECONDS,
        )
    if not isinstance(storage, Storage):
        # limits also parses async+redis:// URLs, whose storage the sync routes cannot use.
        raise ValueError("REDIS_URL must be a redis:// (or rediss://) URL")
    return storage


def client_key(address: str | None) -> str:
    if not address:
        return "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address  # not an IP (a test client, a unix socket): counted as given
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, IPV6_CLIENT_PREFIX), strict=False))
    return str(ip)


def account_key(email: str) -> str:
    # Every spelling of one address counts against one account; what is not an address
    # (a failed login may send anything) is counted as sent, trimmed and lower-cased.
    try:
        normalised = normalise_email(email)
    except ValueError:
        normalised = email.strip().lower()
    # Hashed: the key is bounded in size whatever was sent, and no address is stored.
    return hashlib.sha256(normalised.encode()).hexdigest()


class AuthRateLimiter:
    def __init__(self, settings: Settings) -> None:
        self.storage = storage_for(settings)
        # A moving window has no boundary at which twice the limit gets through.
        self._limiter = MovingWindowRateLimiter(self.storage)
        self._limits: dict[Action, list[RateLimitItem]] = {
            "login": parse_many(settings.rate_limit_login),
            "register": parse_many(settings.rate_limit_register),
            "refresh": parse_many(settings.rate_limit_refresh),
            # A password check like login's: guessing through it is held to login's limits.
            "password-change": parse_many(settings.rate_limit_login),
            "password-reset": parse_many(settings.rate_limit_password_reset),
            "password-reset-confirm": parse_many(settings.rate_limit_password_reset),
        }

    def check(self, action: Action, client_address: str | None, account: str) -> None:
        """Count one attempt, or raise RateLimited without counting it once a limit is hit.

        The client is checked first: a client already refused spends none of the
        account's allowance, so it cannot lock the account's owner out any sooner.
        """
        self._hit(action, "ip", client_key(client_address))
        self._hit(action, "account", account_key(account))

    def _hit(self, action: Action, scope: str, key: str) -> None:
        for item in self._limits[action]:
            if not self._limiter.hit(item, action, scope, key):
                raise RateLimited(self._retry_after(item, action, scope, key))

    def _retry_after(self, item: RateLimitItem, *identifiers: str) -> int:
        reset_at = self._limiter.get_window_stats(item, *identifiers).reset_time
        return math.ceil(reset_at - time.time())
