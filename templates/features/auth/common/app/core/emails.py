"""One spelling per address: register, login and the rate limit all key on it."""

import unicodedata

from email_validator import validate_email


def normalise_email(value: str) -> str:
    """Trimmed, then email-validator's normalised form (the domain IDNA-decoded to
    Unicode, NFC), then lower-cased, so `x@xn--bcher-kva.de`, `x@bücher.de` and
    `X@BÜCHER.DE` are one account. Raises ValueError for what is not an address.
    """
    # Syntax only: no DNS look-up, and special-use domains (name@site.test) are
    # addresses too, as the OpenAPI "email" format says.
    result = validate_email(
        value.strip(), check_deliverability=False, globally_deliverable=False, test_environment=True
    )
    # Lower-casing can undo NFC for a few characters; normalise once more after it.
    return unicodedata.normalize("NFC", result.normalized.lower())
