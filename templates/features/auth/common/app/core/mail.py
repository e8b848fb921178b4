"""Email, for password resets: through SMTP_URL, from MAIL_FROM, on the outbox thread.

Work that must not show in a request's answer or its timing (the reset endpoint must not
tell known addresses from unknown ones) runs on one background thread, after the
answer: `later(work, ...)`. Its failures are logged, never raised into a request.
"""

import ipaddress
import logging
import smtplib
import ssl
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from email.message import EmailMessage
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from app.core.config import Settings
from app.core.emails import deliverable_address

logger = logging.getLogger(__name__)

SMTP_TIMEOUT_SECONDS = 10.0
# One thread: work runs, and mail leaves, in the order it was queued.
_outbox = ThreadPoolExecutor(max_workers=1, thread_name_prefix="outbox")


def later(work: Callable[..., None], *args: Any) -> Future[None]:
    return _outbox.submit(_logged, work, *args)


def flush(timeout: float = 30.0) -> None:
    """Wait until everything queued so far has run (tests, a graceful shutdown)."""
    _outbox.submit(lambda: None).result(timeout)


def send(settings: Settings, to: str, subject: str, body: str) -> None:
    """One plain-text email, now: call it from work run `later`.

    `smtp://` upgrades to TLS with STARTTLS, and refuses to send without it, except to a
    server on this machine or with `?starttls=false` (a relay on a private network);
    `smtps://` is TLS from the start.
    """
    if not settings.smtp_url:
        if settings.is_development:
            # Development without a mail server: the email on the console, once, and never
            # through the logs, since it may carry a token. Anywhere else the console is
            # the log stream, so nothing of it is written.
            sys.stderr.write(f"--- email to {to}: {subject}\n{body}\n---\n")
        else:
            logger.error("SMTP_URL is not set: an email (%s) was not sent", subject)
        return
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = deliverable_address(to)
    message["Subject"] = subject
    message.set_content(body)
    url = urlsplit(settings.smtp_url)
    host = url.hostname or "localhost"
    try:
        client: smtplib.SMTP
        if url.scheme == "smtps":
            context = ssl.create_default_context()
            client = smtplib.SMTP_SSL(
                host, url.port or 465, timeout=SMTP_TIMEOUT_SECONDS, context=context
            )
        else:
            client = smtplib.SMTP(host, url.port or 25, timeout=SMTP_TIMEOUT_SECONDS)
        with client:
            client.ehlo()
            if url.scheme == "smtp":
                if client.has_extn("starttls"):
                    client.starttls(context=ssl.create_default_context())
                    client.ehlo()
                elif _tls_required(host, url.query):
                    raise smtplib.SMTPNotSupportedError("the server offers no STARTTLS")
            if url.username:
                client.login(unquote(url.username), unquote(url.password or ""))
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        # The error's kind only: its text may name the recipient (personal data).
        logger.error("email not sent (%s) through %s: %s", subject, host, type(error).__name__)


def _tls_required(host: str, query: str) -> bool:
    if parse_qs(query).get("starttls") == ["false"]:
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host != "localhost"


def _logged(work: Callable[..., None], *args: Any) -> None:
    try:
        work(*args)
    except Exception:
        logger.exception("background work %s failed", getattr(work, "__name__", work))
