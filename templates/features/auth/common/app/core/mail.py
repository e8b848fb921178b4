"""Email, for password resets: through SMTP_URL, from MAIL_FROM.

Mail goes out on a background thread, so a request that sends one answers as fast as a
request that does not: the reset endpoint must not tell known addresses from unknown
ones by its timing. A failed delivery is logged, never raised into a request.
"""

import logging
import smtplib
import ssl
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from app.core.config import Settings

logger = logging.getLogger(__name__)

SMTP_TIMEOUT_SECONDS = 10.0
# One thread: mail leaves in the order it was asked for.
_outbox = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mail")


def send_later(settings: Settings, to: str, subject: str, body: str) -> Future[None] | None:
    """Queue one plain-text email; the Future is for callers that must wait (tests)."""
    if not settings.smtp_url:
        if settings.is_production:
            logger.error("SMTP_URL is not set: an email (%s) was not sent", subject)
        else:
            # Development without a mail server: the email on the console, once, and never
            # through the logs, since it may carry a token.
            sys.stderr.write(f"--- email to {to}: {subject}\n{body}\n---\n")
        return None
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    return _outbox.submit(_deliver, settings.smtp_url, message)


def _deliver(smtp_url: str, message: EmailMessage) -> None:
    url = urlsplit(smtp_url)
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
        logger.exception("email not sent (%s) through %s", message["Subject"], host)
