"""multipart/form-data (RFC 7578, RFC 2046 §5.1), read the same way on both frameworks.

Each framework feeds the upload's body here chunk by chunk as it arrives, instead of
using its own parser: Starlette's and werkzeug's disagree on a repeated part, on how
long part headers may be, on header bytes that are not UTF-8 and on `filename*`.

Refused as malformed (400, judged before the token as malformed JSON is): a body outside
the grammar, a part without a `form-data` Content-Disposition naming it, part headers
over MAX_PART_HEADER_BYTES or not UTF-8, more than MAX_PARTS parts. A lone surrogate
in any part's name or filename is a 400 on `file`, judged with them. Names are UTF-8
whatever charset the request claims, and extended parameters (`filename*=utf-8''...`)
are ignored: RFC 7578 §4.2 forbids senders to use them.
"""

import enum
import re
import tempfile
from dataclasses import dataclass
from typing import IO

from app.core.errors import ValidationError
from app.core.input_checks import LONE_SURROGATE_MESSAGE, has_lone_surrogate

MEDIA_TYPE = "multipart/form-data"
FILE_FIELD = "file"
# One part's header lines, each with its CRLF. A browser's are about 150 bytes; a
# 300-character file name fits, a 9,000-character one does not.
MAX_PART_HEADER_BYTES = 4096
MAX_PARTS = 1000
# Room for the boundaries and part headers around a file of the maximum size: the upload
# route's body limit is MAX_UPLOAD_BYTES plus this.
MULTIPART_OVERHEAD = 64 * 1024
# A file up to this size stays in memory while the body arrives; a larger one on disk.
SPOOL_MAX_BYTES = 1024 * 1024

# RFC 9110's "token", what header and parameter names are made of.
_NAME = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
_HEADER_NAME = re.compile(_NAME)
# `; name=value`, the value a quoted string or anything up to the next `;`. No two
# parts of the pattern can take the same spaces: a run of them costs one pass, not a
# backtracking search (the bare value is trimmed in code instead).
_PARAMETER = re.compile(
    rf'[ \t]*;[ \t]*({_NAME})[ \t]*=(?:[ \t]*"((?:[^"\\]|\\.)*)"[ \t]*|([^;"]*))(?=;|$)'
)
# Browsers percent-encode a quote in a name; other clients escape it. Any other
# backslash is a character of the name (a Windows path).
_QUOTED_PAIR = re.compile(r'\\([\\"])')
# A quoted value as browsers and urllib3 write it (WHATWG): up to the next quote, every
# backslash a character. Used only where the escaped reading above leaves the value
# unclosed, as it does a name ending in a backslash (`name="C:\dir\"`).
_LITERAL_PARAMETER = re.compile(rf'[ \t]*;[ \t]*({_NAME})[ \t]*=[ \t]*"([^"]*)"[ \t]*(?=;|$)')
# RFC 2046 §5.1.1: 1 to 70 characters, not ending with a space.
_BOUNDARY = re.compile(r"[0-9A-Za-z'()+_,./:=? -]{0,69}[0-9A-Za-z'()+_,./:=?-]")


class MalformedMultipart(ValidationError):
    def __init__(self, reason: str) -> None:
        super().__init__("Malformed multipart body", [{"field": "body", "message": reason}])


class FileFieldError(ValidationError):
    """A field error on `file`: missing, not a file, sent twice, or named with a lone
    surrogate (in any part's name or filename)."""

    def __init__(self, problem: str) -> None:
        super().__init__(details=[{"field": FILE_FIELD, "message": problem}])
        self.problem = problem


@dataclass
class ReceivedFile:
    filename: str  # as sent: app.core.storage sanitises it
    content_type: str | None
    stream: IO[bytes]
    size: int = 0


@dataclass
class UploadForm:
    """What a body held for the field `file`; every other part is skipped."""

    file: ReceivedFile | None = None  # its first part, when that part is a file
    parts_named_file: int = 0

    def single_file(self) -> ReceivedFile:
        if self.parts_named_file > 1:
            raise FileFieldError("must be sent once")
        if self.parts_named_file == 0:
            raise FileFieldError("Field required")
        if self.file is None:
            raise FileFieldError("must be a file")
        if not self.file.filename and not self.file.size:
            # What a browser sends for a file input left empty.
            raise FileFieldError("Field required")
        return self.file

    def close(self) -> None:
        if self.file is not None:
            self.file.stream.close()


class _State(enum.Enum):
    PREAMBLE = enum.auto()
    AFTER_BOUNDARY = enum.auto()
    HEADERS = enum.auto()
    CONTENT = enum.auto()
    EPILOGUE = enum.auto()


class MultipartReader:
    """`feed` it the body's chunks in order, then `finish`. Holds at most a part's
    headers and a boundary's length of the body in memory; the file part is spooled."""

    def __init__(self, content_type: str) -> None:
        _, parameters = _parameters(content_type)
        boundary = parameters.get("boundary", "")
        if not _BOUNDARY.fullmatch(boundary):
            raise MalformedMultipart("Content-Type needs a boundary of 1 to 70 characters")
        self._delimiter = b"\r\n--" + boundary.encode("ascii")
        # The first boundary may open the body: a CRLF in front lets it match like the rest.
        self._buffer = bytearray(b"\r\n")
        self._state = _State.PREAMBLE
        self._received = 0
        self._parts = 0
        self._form = UploadForm()
        self._sink: ReceivedFile | None = None

    def feed(self, chunk: bytes) -> None:
        self._received += len(chunk)
        if self._state is _State.EPILOGUE:
            return
        self._buffer += chunk
        while self._advance():
            pass

    def finish(self) -> UploadForm:
        if self._received == 0:
            return self._form  # no body: every field is missing
        if self._state is not _State.EPILOGUE:
            raise MalformedMultipart("The body ends before its closing boundary")
        if self._form.file is not None:
            self._form.file.stream.seek(0)
        return self._form

    def _advance(self) -> bool:
        """Takes the next piece of the body from the buffer; False when it needs more."""
        if self._state in (_State.PREAMBLE, _State.CONTENT):
            return self._take_content()
        if self._state is _State.AFTER_BOUNDARY:
            return self._take_boundary_end()
        return self._take_headers()

    def _take_content(self) -> bool:
        found = self._buffer.find(self._delimiter)
        # Short of a delimiter, keep the tail that may be the start of one.
        end = found if found != -1 else max(len(self._buffer) - len(self._delimiter) + 1, 0)
        if self._sink is not None and end:
            self._sink.stream.write(self._buffer[:end])
            self._sink.size += end
        if found == -1:
            del self._buffer[:end]
            return False
        del self._buffer[: found + len(self._delimiter)]
        self._sink = None
        self._state = _State.AFTER_BOUNDARY
        return True

    def _take_boundary_end(self) -> bool:
        if len(self._buffer) < 2:
            return False
        if self._buffer.startswith(b"--"):
            self._state = _State.EPILOGUE
            self._buffer.clear()
            return False
        line_end = self._buffer.find(b"\r\n")
        # Padding on a boundary line counts towards the part's headers.
        if line_end == -1 and len(self._buffer) > MAX_PART_HEADER_BYTES:
            raise MalformedMultipart("A boundary line does not end")
        if line_end == -1:
            return False
        # Only spaces and tabs ("transport padding") may follow a boundary.
        if self._buffer[:line_end].strip(b" \t"):
            raise MalformedMultipart("A boundary is followed by other characters")
        del self._buffer[: line_end + 2]
        self._state = _State.HEADERS
        return True

    def _take_headers(self) -> bool:
        if self._buffer.startswith(b"\r\n"):
            raise MalformedMultipart("A part has no headers")
        blank_line = self._buffer.find(b"\r\n\r\n")
        # Unfinished, the headers are at least this long: their blank line may be arriving.
        size = blank_line + 2 if blank_line != -1 else len(self._buffer) - 1
        if size > MAX_PART_HEADER_BYTES:
            raise MalformedMultipart(f"A part's headers are over {MAX_PART_HEADER_BYTES} bytes")
        if blank_line == -1:
            return False
        headers = _part_headers(bytes(self._buffer[:blank_line]))
        del self._buffer[: blank_line + 4]
        self._start_part(headers)
        self._state = _State.CONTENT
        return True

    def _start_part(self, headers: dict[str, str]) -> None:
        self._parts += 1
        if self._parts > MAX_PARTS:
            raise MalformedMultipart(f"The body has more than {MAX_PARTS} parts")
        disposition, parameters = _parameters(headers.get("content-disposition", ""))
        name = parameters.get("name")
        if disposition.lower() != "form-data" or name is None:
            raise MalformedMultipart("Every part needs a form-data Content-Disposition with a name")
        filename = parameters.get("filename")
        if has_lone_surrogate(name) or has_lone_surrogate(filename or ""):
            raise FileFieldError(LONE_SURROGATE_MESSAGE)
        if name != FILE_FIELD:
            return
        self._form.parts_named_file += 1
        if self._form.parts_named_file == 1 and filename is not None:
            # Not a `with`: the form holds it open until the route is done (UploadForm.close).
            spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_BYTES)  # noqa: SIM115
            self._sink = self._form.file = ReceivedFile(
                filename, headers.get("content-type"), spool
            )


def _part_headers(block: bytes) -> dict[str, str]:
    """`Name: value` lines, names lower-cased. A name sent twice would be ambiguous."""
    try:
        # surrogatepass: UTF-8 bytes of a lone surrogate become one, refused as such.
        text = block.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        raise MalformedMultipart("A part's headers are not UTF-8") from None
    headers: dict[str, str] = {}
    for line in text.split("\r\n"):
        name, colon, value = line.partition(":")
        if not colon or not _HEADER_NAME.fullmatch(name) or "\r" in value or "\n" in value:
            raise MalformedMultipart("A part header is not a name, a colon and a value")
        if name.lower() in headers:
            raise MalformedMultipart("A part has the same header twice")
        headers[name.lower()] = value.strip(" \t")
    return headers


def _parameters(value: str) -> tuple[str, dict[str, str]]:
    """`form-data; name="file"` as ("form-data", {"name": "file"}); parameter names are
    lower-cased, a parameter given twice is malformed."""
    kind = value.split(";", 1)[0]
    position = len(kind)
    parameters: dict[str, str] = {}
    while position < len(value):
        match = _PARAMETER.match(value, position)
        if match is not None:
            name, quoted, bare = match.groups()
            parsed = _QUOTED_PAIR.sub(r"\1", quoted) if quoted is not None else bare.strip(" \t")
        else:
            match = _LITERAL_PARAMETER.match(value, position)
            if match is None:
                raise MalformedMultipart("A header's parameters are not name=value pairs")
            name, parsed = match.groups()
        if name.lower() in parameters:
            raise MalformedMultipart("A header has the same parameter twice")
        parameters[name.lower()] = parsed
        position = match.end()
    return kind.strip(" \t"), parameters
