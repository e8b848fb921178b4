import math

import pytest

from tests.support.api import API, assert_error, create_item, item_body


def test_create_returns_201_location_and_defaults(client, auth_headers):
    response = client.post(f"{API}/items", json=item_body(), headers=auth_headers)
    assert response.status_code == 201
    item = response.json()["data"]
    assert response.headers["location"] == f"{API}/items/{item['id']}"
    assert item["quantity"] == 1
    assert item["name"] == "Widget" and item["price"] == 9.99
    assert item["created_at"].endswith("+00:00") and item["updated_at"].endswith("+00:00")


def test_get_one_and_unknown_ids(client, auth_headers):
    item = create_item(client, auth_headers)
    response = client.get(f"{API}/items/{item['id']}")
    assert response.status_code == 200
    assert response.json() == {"success": True, "data": item}
    for bad in ("999999", "abc", "0", "-1", "99999999999999999999", "1.5"):
        assert_error(client.get(f"{API}/items/{bad}"), 404, "NOT_FOUND")


def test_list_is_paginated_in_id_order(client, auth_headers):
    ids = [create_item(client, auth_headers, name=f"item {n}")["id"] for n in range(5)]
    body = client.get(f"{API}/items", params={"page": 2, "limit": 2}).json()
    assert [item["id"] for item in body["data"]] == ids[2:4]
    assert body["pagination"] == {"page": 2, "limit": 2, "total": 5, "pages": 3}
    default = client.get(f"{API}/items").json()
    assert default["pagination"] == {"page": 1, "limit": 10, "total": 5, "pages": 1}
    past_end = client.get(f"{API}/items", params={"page": 9}).json()
    assert past_end["data"] == [] and past_end["pagination"]["total"] == 5
    # The last page allowed, at the largest limit: an offset beyond 32 bits.
    last = client.get(f"{API}/items", params={"page": 2**31 - 1, "limit": 100})
    assert last.status_code == 200 and last.json()["data"] == []


def test_empty_list_has_zero_pages(client):
    body = client.get(f"{API}/items").json()
    assert body == {
        "success": True,
        "data": [],
        "pagination": {"page": 1, "limit": 10, "total": 0, "pages": 0},
    }


@pytest.mark.parametrize(
    "params",
    [{"page": 0}, {"page": -1}, {"page": "abc"}, {"page": 2**31}, {"limit": 0}, {"limit": 101}],
)
def test_bad_pagination_is_400(client, params):
    error = assert_error(client.get(f"{API}/items", params=params), 400, "VALIDATION_ERROR")
    assert error["details"][0]["field"] in params


def test_put_replaces_everything_and_resets_defaults(client, auth_headers):
    item = create_item(client, auth_headers, quantity=5)
    response = client.put(
        f"{API}/items/{item['id']}", json={"name": "New", "price": 1}, headers=auth_headers
    )
    assert response.status_code == 200
    data = response.json()["data"]
    assert (data["name"], data["price"], data["description"], data["quantity"]) == (
        "New",
        1,
        None,
        1,
    )


def test_patch_changes_only_given_fields(client, auth_headers):
    item = create_item(client, auth_headers, quantity=5)
    response = client.patch(f"{API}/items/{item['id']}", json={"price": 2.5}, headers=auth_headers)
    assert response.status_code == 200
    data = response.json()["data"]
    assert data["price"] == 2.5 and data["quantity"] == 5 and data["name"] == item["name"]
    cleared = client.patch(
        f"{API}/items/{item['id']}", json={"description": None}, headers=auth_headers
    )
    assert cleared.json()["data"]["description"] is None


@pytest.mark.parametrize("field", ["name", "price", "quantity"])
def test_patch_null_for_required_field_is_400(client, auth_headers, field):
    item = create_item(client, auth_headers)
    response = client.patch(f"{API}/items/{item['id']}", json={field: None}, headers=auth_headers)
    error = assert_error(response, 400, "VALIDATION_ERROR")
    assert error["details"][0]["field"] == field


def test_delete_is_204_with_empty_body(client, auth_headers):
    item = create_item(client, auth_headers)
    response = client.delete(f"{API}/items/{item['id']}", headers=auth_headers)
    assert response.status_code == 204
    assert response.content == b""
    assert response.headers["x-request-id"]
    assert_error(client.get(f"{API}/items/{item['id']}"), 404, "NOT_FOUND")
    assert_error(client.delete(f"{API}/items/{item['id']}", headers=auth_headers), 404, "NOT_FOUND")


@pytest.mark.parametrize(
    "changes",
    [
        {"name": ""},
        {"name": "x" * 201},
        {"description": "x" * 2001},
        {"price": -1},
        {"price": 1e9 + 1},
        {"price": "9.99"},
        {"price": 10**400},
        {"quantity": -1},
        {"quantity": 2**31},
        {"quantity": 10**30},
        {"quantity": 1.5},
        {"quantity": True},
        {"name": "nul\x00byte"},
        {"id": 7},
        {"owner_id": 7},
        {"created_at": "2024-01-01T00:00:00+00:00"},
        {"colour": "red"},
    ],
)
def test_invalid_fields_are_400(client, auth_headers, changes):
    response = client.post(f"{API}/items", json=item_body(**changes), headers=auth_headers)
    error = assert_error(response, 400, "VALIDATION_ERROR")
    assert error["details"][0]["field"] == next(iter(changes))


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_price_is_400(client, auth_headers, literal):
    body = f'{{"name": "x", "price": {literal}}}'
    headers = {**auth_headers, "Content-Type": "application/json"}
    response = client.post(f"{API}/items", content=body, headers=headers)
    assert_error(response, 400, "VALIDATION_ERROR")


def test_missing_fields_and_empty_body_are_400(client, auth_headers):
    error = assert_error(
        client.post(f"{API}/items", json={}, headers=auth_headers), 400, "VALIDATION_ERROR"
    )
    assert {detail["field"] for detail in error["details"]} == {"name", "price"}
    assert_error(client.post(f"{API}/items", headers=auth_headers), 400, "VALIDATION_ERROR")


def test_strings_are_stored_verbatim(client, auth_headers):
    name = "  Robert'); DROP TABLE items;-- 🎉 <b>&amp;</b>  "
    description = "é" * 2000
    item = create_item(client, auth_headers, name=name, description=description)
    fetched = client.get(f"{API}/items/{item['id']}").json()["data"]
    assert fetched["name"] == name and fetched["description"] == description
    assert client.get(f"{API}/items").json()["pagination"]["total"] == 1


def test_boundary_numbers_are_accepted(client, auth_headers):
    item = create_item(client, auth_headers, price=1e9, quantity=2**31 - 1)
    assert item["price"] == 1e9 and item["quantity"] == 2**31 - 1
    free = create_item(client, auth_headers, price=0, quantity=0)
    assert math.isclose(free["price"], 0) and free["quantity"] == 0
