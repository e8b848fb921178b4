"""Files on disk under UPLOAD_DIR. Client-supplied names never reach a path."""

import unicodedata
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from app.core.errors import PayloadTooLarge

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
    """A fresh name for the disk: random, with the accepted type's extension if it has one."""
    return f"{uuid.uuid4().hex}{EXTENSIONS.get(media_type, '')}"


def path_for(upload_dir: str, stored_name: str) -> Path:
    return Path(upload_dir) / stored_name


def write_stream(source: IO[bytes], destination: Path, max_bytes: int) -> int:
    """Copy in chunks, stopping (and deleting the partial file) past `max_bytes`."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    try:
        with destination.open("wb") as target:
            while chunk := source.read(CHUNK_SIZE):
                size += len(chunk)
                if size > max_bytes:
                    raise PayloadTooLarge(f"File is larger than {max_bytes} bytes")
                target.write(chunk)
    except BaseException:
        destination.unlink(missing_ok=True)
        raise
    return size


def read_range(path: Path, start: int, length: int) -> Iterator[bytes]:
    """`length` bytes from `start`, a chunk at a time: a download never sits whole in memory."""
    with path.open("rb") as source:
        source.seek(start)
        while length > 0 and (chunk := source.read(min(CHUNK_SIZE, length))):
            length -= len(chunk)
            yield chunk


def remove(path: Path) -> None:
    path.unlink(missing_ok=True)
