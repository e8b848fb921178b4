import io
import re

import pytest

from app.core.config import Settings, split_csv
from app.core.errors import PayloadTooLarge
from app.core.storage import (
    CHUNK_SIZE,
    EXTENSIONS,
    read_range,
    sanitize_filename,
    stored_name_for,
    write_stream,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, "file"),
        ("", "file"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\cv.pdf", "cv.pdf"),
        ("a\x00b\x1f.txt", "ab.txt"),
        ("evil\u202egnp.exe", "evilgnp.exe"),
        # A lone surrogate could never be written out (JSON, the database): dropped.
        ("a\ud800b.txt", "ab.txt"),
        ("...hidden", "hidden"),
        ("a..b", "a.b"),
        ("....", "file"),
    ],
)
def test_sanitize_filename(raw, expected):
    assert sanitize_filename(raw) == expected


def test_sanitize_filename_keeps_the_extension_when_shortening():
    name = sanitize_filename("x" * 300 + ".jpeg")
    assert len(name) == 255 and name.endswith(".jpeg")


@pytest.mark.parametrize(
    ("media_type", "extension"),
    [
        ("text/plain", ".txt"),
        ("image/png", ".png"),
        ("image/jpeg", ".jpg"),
        ("image/gif", ".gif"),
        ("image/webp", ".webp"),
        ("application/pdf", ".pdf"),
        ("application/octet-stream", ""),
        ("application/x-php", ""),
    ],
)
def test_a_stored_name_is_random_hex_and_the_extension_of_its_type(media_type, extension):
    name = stored_name_for(media_type)
    assert re.fullmatch(r"[0-9a-f]{32}" + re.escape(extension), name)
    assert stored_name_for(media_type) != name


def test_the_extension_table_covers_the_default_allowed_types():
    allowed = split_csv(Settings.model_fields["upload_allowed_types"].default)
    assert set(allowed) <= set(EXTENSIONS)


def test_write_stream_stops_and_cleans_up_past_the_limit(tmp_path):
    target = tmp_path / "f"
    assert write_stream(io.BytesIO(b"12345"), target, max_bytes=5) == 5
    assert target.read_bytes() == b"12345"
    with pytest.raises(PayloadTooLarge):
        write_stream(io.BytesIO(b"123456"), tmp_path / "g", max_bytes=5)
    assert not (tmp_path / "g").exists()


def test_read_range_streams_the_bytes_asked_for_a_chunk_at_a_time(tmp_path):
    content = bytes(range(256)) * (CHUNK_SIZE // 64)
    path = tmp_path / "f"
    path.write_bytes(content)
    chunks = list(read_range(path, 10, len(content) - 20))
    assert b"".join(chunks) == content[10:-10]
    assert len(chunks) > 1 and all(len(chunk) <= CHUNK_SIZE for chunk in chunks)
    assert b"".join(read_range(path, 0, 0)) == b""
