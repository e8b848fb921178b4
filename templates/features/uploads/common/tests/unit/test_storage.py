import io
import re

import pytest

from app.core.config import Settings, split_csv
from app.core.errors import PayloadTooLarge
from app.core.storage import CHUNK_SIZE, EXTENSIONS, sanitize_filename, stored_name_for
from tests.support.stores import STORE_KINDS, new_store


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


@pytest.fixture(params=STORE_KINDS)
def store(request, tmp_path):
    """Each store the project can use, empty, behind the one interface."""
    return new_store(request.param, tmp_path)


def _put(store, name, content, max_bytes=1_000_000, content_type="text/plain"):
    return store.put(name, io.BytesIO(content), max_bytes=max_bytes, content_type=content_type)


def test_put_then_stat_and_open_give_back_the_bytes(store):
    content = bytes(range(256)) * 4
    assert _put(store, "a.bin", content, content_type="application/pdf") == 1024
    found = store.stat("a.bin")
    assert found is not None and found.size == 1024
    assert found.content_type in (None, "application/pdf")
    assert b"".join(store.open("a.bin", 0, 1024)) == content


def test_put_stops_past_the_limit_and_leaves_nothing(store):
    assert _put(store, "exact", b"12345", max_bytes=5) == 5
    with pytest.raises(PayloadTooLarge):
        _put(store, "over", b"123456", max_bytes=5)
    assert store.stat("over") is None
    assert b"".join(store.open("exact", 0, 5)) == b"12345"


def test_a_large_file_over_the_limit_leaves_nothing_either(store):
    # Past the first chunks: a store that streams in parts has begun writing by then.
    content = b"x" * (6 * 1024 * 1024 + 1)
    with pytest.raises(PayloadTooLarge):
        _put(store, "big", content, max_bytes=len(content) - 1)
    assert store.stat("big") is None


def test_open_streams_the_range_asked_for_a_chunk_at_a_time(store):
    content = bytes(range(256)) * (CHUNK_SIZE // 64)
    _put(store, "f", content)
    chunks = list(store.open("f", 10, len(content) - 20))
    assert b"".join(chunks) == content[10:-10]
    assert len(chunks) > 1 and all(len(chunk) <= CHUNK_SIZE for chunk in chunks)
    assert b"".join(store.open("f", 0, 0)) == b""
    assert b"".join(store.open("f", 5, 1)) == content[5:6]


def test_stat_of_a_missing_name_is_none_and_delete_forgets(store):
    assert store.stat("missing") is None
    _put(store, "gone", b"bye")
    store.delete("gone")
    assert store.stat("gone") is None
    store.delete("gone")  # deleting nothing is no error
