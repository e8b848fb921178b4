"""Files on disk under UPLOAD_DIR. Client-supplied names never reach a path."""

import re
import unicodedata
import uuid
from pathlib import Path
from typing import IO

from app.core.errors import PayloadTooLarge

CHUNK_SIZE = 64 * 1024
MAX_FILENAME_LENGTH = 255
_SAFE_EXTENSION = re.compile(r"\.[a-z0-9]{1,10}")


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


def stored_name_for(filename: str) -> str:
    """A fresh name for the disk: random, plus the extension only when it is plainly safe."""
    suffix = Path(filename).suffix.lower()
    extension = suffix if _SAFE_EXTENSION.fullmatch(suffix) else ""
    return f"{uuid.uuid4().hex}{extension}"


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


def remove(path: Path) -> None:
    path.unlink(missing_ok=True)
