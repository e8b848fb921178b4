import io

import pytest

from app.core.errors import PayloadTooLarge
from app.core.storage import sanitize_filename, stored_name_for, write_stream


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, "file"),
        ("", "file"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\cv.pdf", "cv.pdf"),
        ("a\x00b\x1f.txt", "ab.txt"),
        ("evil\u202egnp.exe", "evilgnp.exe"),
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


def test_stored_names_are_random_with_safe_extensions():
    assert stored_name_for("a.PNG").endswith(".png")
    assert "." not in stored_name_for("a.p/ng")
    assert stored_name_for("x.txt") != stored_name_for("x.txt")


def test_write_stream_stops_and_cleans_up_past_the_limit(tmp_path):
    target = tmp_path / "f"
    assert write_stream(io.BytesIO(b"12345"), target, max_bytes=5) == 5
    assert target.read_bytes() == b"12345"
    with pytest.raises(PayloadTooLarge):
        write_stream(io.BytesIO(b"123456"), tmp_path / "g", max_bytes=5)
    assert not (tmp_path / "g").exists()
