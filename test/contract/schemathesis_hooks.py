"""Schemathesis hooks for the contract suite (loaded by checks/schemathesis.ts).

An upload's `file` part is declared as one of the accepted file types (the document's
`encoding.contentType`). When schemathesis puts a value of the wrong type there (negative
data, or a value carried by a link), it sends the image types as bytes but has no
serializer for `application/pdf`, and gives up on the request instead of sending it. A
part holds bytes, so PDF is sent as the image types are: bytes as they are, any other
value as its JSON text (a file holding "-1"), which is what the API must then answer.
"""

import json
from typing import Any

import schemathesis


@schemathesis.serializer("application/pdf")
def pdf_part(ctx: Any, value: Any) -> dict[str, bytes]:
    if isinstance(value, bytes):
        return {"data": value}
    if isinstance(value, str):
        return {"data": value.encode()}
    return {"data": json.dumps(value, default=str).encode()}
