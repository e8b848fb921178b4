"""Email, for password resets: through SMTP_URL, from MAIL_FROM, on the outbox thread.

Work that must not show in a request's answer or its timing (the reset endpoint must not
tell known addresses from unknown ones) runs on one background thread, after the
answer: `later(work, ...)`. Its failures are logged, never raised into a request.
"""

import logging
import smtplib
import ssl
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from email.message import EmailMessage
from typing import Any
from urllib.parse import unquote, urlsplit

from app.core.config import Settings

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
    """One plain-text email, now: call it from work run `later`."""
    if not settings.smtp_url:
        if settings.is_production:
            logger.error("SMTP_URL is not set: an email (%s) was not sent", subject)
        else:
            # Development without a mail server: the email on the console, once, and never
            # through the logs, since it may carry a token.
            sys.stderr.write(f"--- email to {to}: {subject}\n{body}\n---\n")
        return
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
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
            if url.scheme == "smtp" and client.has_extn("starttls"):
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if url.username:
                client.login(unquote(url.username), unquote(url.password or ""))
            client.send_message(message)
    except (OSError, smtplib.SMTPException):
        # The subject only: the recipient is personal data, the body may carry a token.
        logger.exception("email not sent (%s) through %s", subject, host)


def _logged(work: Callable[..., None], *args: Any) -> None:
    try:
        work(*args)
    except Exception:
        logger.exception("background work %s failed", getattr(work, "__name__", work))
