"""Where uploaded files are kept, behind one interface, `Storage`: put a stream, read
it back (whole or a range) as a stream, delete it. `LocalStorage` keeps them on disk
under UPLOAD_DIR; app/core/storage_backend.py says which store the project uses.
Client-supplied names never reach a path or a key: files are stored under generated names.
"""

import logging
import unicodedata
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from app.core.errors import PayloadTooLarge, ServiceUnavailable

logger = logging.getLogger(__name__)

CHUNK_SIZE = 64 * 1024
MAX_FILENAME_LENGTH = 255
# A stored file's extension says what the server accepted it as, never what the client
# named it: `shell.php` sent as text/plain is stored as `<hex>.txt`. Written out rather
# than asked of `mimetypes`, whose answers depend on the host's /etc/mime.types.
EXTENSIONS = {
    "text/plain": ".txt",
    "image/png": ".png",
    "image/jpeg": ".jpg",
    "image/gif": ".gif",
    "image/webp": ".webp",
    "application/pdf": ".pdf",
}


class StorageUnavailable(ServiceUnavailable):
    """The store did not answer (or refused): a 503, never a 500. Its cause goes to
    the log only."""

    default_message = "File storage is unavailable; try again later"


@dataclass(frozen=True)
class StoredObject:
    size: int
    content_type: str | None  # as the store recorded it; the local disk records none


class Storage(Protocol):
    def put(self, name: str, source: IO[bytes], *, max_bytes: int, content_type: str) -> int:
        """Streams `source` to `name`, a chunk at a time, and returns its size. Past
        `max_bytes` raises PayloadTooLarge and leaves nothing stored under `name`."""
        ...

    def stat(self, name: str) -> StoredObject | None:
        """What is stored under `name`, or None when nothing is."""
        ...

    def open(self, name: str, start: int, length: int) -> Iterator[bytes]:
        """`length` bytes from `start`, a chunk at a time. The store is asked before this
        returns, so a store that is down fails here, before a response has begun."""
        ...

    def delete(self, name: str) -> None:
        """Removes `name`; nothing stored under it is not an error."""
        ...


def sanitize_filename(raw: str | None) -> str:
    """A display name: basename only, no control characters, no '..', at most 255 chars."""
    name = (raw or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    if len(name) > MAX_FILENAME_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and len(extension) <= 16:
            name = f"{stem[: MAX_FILENAME_LENGTH - len(extension) - 1]}.{extension}"
        else:
            name = name[:MAX_FILENAME_LENGTH]
    while ".." in name:
        name = name.replace("..", ".")
    return name.strip(" .") or "file"


def stored_name_for(media_type: str) -> str:
    """A fresh name for the store: random, with the accepted type's extension if it has one."""
    return f"{uuid.uuid4().hex}{EXTENSIONS.get(media_type, '')}"


def capped_chunks(source: IO[bytes], max_bytes: int) -> Iterator[bytes]:
    """`source` a chunk at a time, raising PayloadTooLarge as soon as it passes `max_bytes`."""
    size = 0
    while chunk := source.read(CHUNK_SIZE):
        size += len(chunk)
        if size > max_bytes:
            raise PayloadTooLarge(f"File is larger than {max_bytes} bytes")
        yield chunk


class LocalStorage:
    """Files on the local disk under one directory: one machine only (see the README)."""

    def __init__(self, directory: str) -> None:
        self.directory = Path(directory)

    def path_for(self, name: str) -> Path:
        return self.directory / name

    def put(self, name: str, source: IO[bytes], *, max_bytes: int, content_type: str) -> int:
        destination = self.path_for(name)
        size = 0
        try:
            destination.parent.mkdir(parents=True, exist_ok=True)
            with destination.open("wb") as target:
                for chunk in capped_chunks(source, max_bytes):
                    size += len(chunk)
                    target.write(chunk)
        except BaseException as exc:
            destination.unlink(missing_ok=True)
            if isinstance(exc, OSError):
                logger.error("could not write upload %s", name, exc_info=True)
                raise StorageUnavailable() from None
            raise
        return size

    def stat(self, name: str) -> StoredObject | None:
        path = self.path_for(name)
        if not path.is_file():
            return None
        return StoredObject(size=path.stat().st_size, content_type=None)

    def open(self, name: str, start: int, length: int) -> Iterator[bytes]:
        try:
            source = self.path_for(name).open("rb")
            source.seek(start)
        except OSError:
            logger.error("could not read upload %s", name, exc_info=True)
            raise StorageUnavailable() from None
        return _chunks_of(source, length)

    def delete(self, name: str) -> None:
        self.path_for(name).unlink(missing_ok=True)


def _chunks_of(source: IO[bytes], length: int) -> Iterator[bytes]:
    with source:
        while length > 0 and (chunk := source.read(min(CHUNK_SIZE, length))):
            length -= len(chunk)
            yield chunk
