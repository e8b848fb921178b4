"""One spelling per address: register, login and the rate limit all key on it."""

import unicodedata

from email_validator import EmailNotValidError, validate_email

# RFC 5321's limit on a path; email-validator refuses longer ones too, but only after
# work that grows with what was sent, and login takes any string.
MAX_EMAIL_LENGTH = 320


def normalise_email(value: str) -> str:
    """Trimmed, then email-validator's normalised form (the domain IDNA-decoded to
    Unicode, NFC), then lower-cased, so `x@xn--bcher-kva.de`, `x@bücher.de` and
    `X@BÜCHER.DE` are one account. Raises ValueError for what is not an address.
    """
    value = value.strip()
    if len(value) > MAX_EMAIL_LENGTH:
        raise EmailNotValidError(f"An email address is at most {MAX_EMAIL_LENGTH} characters")
    # Syntax only: no DNS look-up, and special-use domains (name@site.test) are
    # addresses too, as the OpenAPI "email" format says.
    result = validate_email(
        value, check_deliverability=False, globally_deliverable=False, test_environment=True
    )
    # Lower-casing can undo NFC for a few characters; normalise once more after it.
    return unicodedata.normalize("NFC", result.normalized.lower())


def deliverable_address(address: str) -> str:
    """The address as SMTP servers without SMTPUTF8 take it: the domain in its ASCII
    (IDNA) form, `x@xn--bcher-kva.de` for `x@bücher.de`. A local part that is not ASCII
    stays as it is: only a server with SMTPUTF8 can take it anyway."""
    result = validate_email(
        address, check_deliverability=False, globally_deliverable=False, test_environment=True
    )
    return result.ascii_email or address
