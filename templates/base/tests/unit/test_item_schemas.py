import pytest
from pydantic import ValidationError

from app.core.errors import NotFound
from app.core.ids import parse_id
from app.schemas.item import ItemCreate, ItemUpdate


def test_defaults_and_verbatim_strings():
    item = ItemCreate(name="  spaced  ", price=1)
    assert item.name == "  spaced  " and item.quantity == 1 and item.description is None


@pytest.mark.parametrize(
    "changes",
    [
        {"price": float("nan")},
        {"price": float("inf")},
        {"quantity": 2**31},
        {"name": "a\x00b"},
        {"price": "1"},
        {"extra": 1},
    ],
)
def test_invalid_items(changes):
    with pytest.raises(ValidationError):
        ItemCreate(**{"name": "x", "price": 1, **changes})


def test_patch_tracks_only_given_fields():
    update = ItemUpdate(description=None)
    assert update.model_dump(exclude_unset=True) == {"description": None}
    with pytest.raises(ValidationError):
        ItemUpdate(name=None)


@pytest.mark.parametrize("raw", ["0", "-1", "01", "abc", "1e3", "2147483648", "٣"])
def test_parse_id_rejects_what_names_no_row(raw):
    with pytest.raises(NotFound):
        parse_id(raw)


def test_parse_id_accepts_positive_ints():
    assert parse_id("2147483647") == 2**31 - 1
