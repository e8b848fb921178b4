import pytest

from app.core.byte_ranges import ByteRange, RangeNotSatisfiable, requested_range

SIZE = 10


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("bytes=2-5", ByteRange(2, 5)),
        ("bytes=0-0", ByteRange(0, 0)),
        ("bytes=7-", ByteRange(7, 9)),
        ("bytes=-3", ByteRange(7, 9)),
        ("bytes=8-100", ByteRange(8, 9)),
        ("bytes=-100", ByteRange(0, 9)),
        ("bytes=9-9", ByteRange(9, 9)),
        ("Bytes=1-2", ByteRange(1, 2)),
        ("bytes= 1-2 ,", ByteRange(1, 2)),
        ("bytes=0-" + "9" * 5000, ByteRange(0, 9)),
    ],
)
def test_one_byte_range_is_served(header, expected):
    assert requested_range(header, SIZE) == expected


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "bytes=",
        "bytes=-",
        "bytes=abc",
        "bytes=5-2",
        "bytes=--1",
        "bytes=+1-2",
        "bytes=1_0-",
        "bytes=\uff11-2",
        "bytes 0-1",
        "0-1",
        "items=0-1",
        "bytes=0-1,3-4",
        "bytes=0-1, 5-",
        "bytes=" + "9" * 5000 + "-1",
    ],
)
def test_anything_but_one_byte_range_is_ignored(header):
    assert requested_range(header, SIZE) is None


@pytest.mark.parametrize(
    "header", ["bytes=10-", "bytes=10-20", "bytes=99-", "bytes=-0", "bytes=" + "9" * 5000 + "-"]
)
def test_a_range_starting_at_or_past_the_end_is_not_satisfiable(header):
    with pytest.raises(RangeNotSatisfiable) as raised:
        requested_range(header, SIZE)
    assert raised.value.status_code == 416
    assert raised.value.code == "RANGE_NOT_SATISFIABLE"
    assert raised.value.headers == {"Content-Range": "bytes */10"}


def test_an_empty_file_has_no_satisfiable_range():
    for header in ("bytes=0-", "bytes=-1"):
        with pytest.raises(RangeNotSatisfiable):
            requested_range(header, 0)


def test_content_range_counts_from_zero_with_the_last_byte_included():
    byte_range = ByteRange(7, 9)
    assert byte_range.length == 3
    assert byte_range.content_range(SIZE) == "bytes 7-9/10"
