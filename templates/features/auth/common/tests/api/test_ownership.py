"""Writes need a token, only the owner may change an item, and the error order holds."""

import pytest

from app.services import ownership
from tests.support.api import API, assert_error, create_item, item_body


def test_created_item_belongs_to_the_caller(client, user, auth_headers):
    item = create_item(client, auth_headers)
    assert item["owner_id"] == user["id"]


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_without_a_token_are_401(client, auth_headers, method):
    item = create_item(client, auth_headers)
    url = f"{API}/items" if method == "post" else f"{API}/items/{item['id']}"
    kwargs = {} if method == "delete" else {"json": item_body()}
    assert_error(getattr(client, method)(url, **kwargs), 401, "UNAUTHORIZED")


def test_only_the_owner_can_change_or_delete(client, auth_headers, other_headers):
    item = create_item(client, auth_headers)
    url = f"{API}/items/{item['id']}"
    assert_error(client.put(url, json=item_body(), headers=other_headers), 403, "FORBIDDEN")
    assert_error(client.patch(url, json={"price": 1}, headers=other_headers), 403, "FORBIDDEN")
    assert_error(client.delete(url, headers=other_headers), 403, "FORBIDDEN")
    assert client.get(url).json()["data"] == item


def test_an_admin_reads_everything_but_changes_only_their_own(client, auth_headers, admin_headers):
    item = create_item(client, auth_headers)
    url = f"{API}/items/{item['id']}"
    assert client.get(url, headers=admin_headers).status_code == 200
    assert_error(client.patch(url, json={"price": 1}, headers=admin_headers), 403, "FORBIDDEN")
    assert_error(client.delete(url, headers=admin_headers), 403, "FORBIDDEN")


def test_the_one_line_policy_lets_admins_change_any_row(
    client, auth_headers, other_headers, admin_headers, monkeypatch
):
    monkeypatch.setattr(ownership, "ADMINS_CHANGE_ANY_ROW", True)
    item = create_item(client, auth_headers)
    url = f"{API}/items/{item['id']}"
    assert client.patch(url, json={"price": 1}, headers=admin_headers).status_code == 200
    # Still not for anyone else.
    assert_error(client.delete(url, headers=other_headers), 403, "FORBIDDEN")
    assert client.delete(url, headers=admin_headers).status_code == 204


def test_error_precedence(client, auth_headers, other_headers):
    item = create_item(client, auth_headers)
    url = f"{API}/items/{item['id']}"
    json_header = {"Content-Type": "application/json"}
    # malformed JSON (400) beats a missing token (401)
    response = client.post(f"{API}/items", content=b"{", headers=json_header)
    assert_error(response, 400, "VALIDATION_ERROR")
    # a missing token (401) beats field validation (400) and an unknown id (404)
    assert_error(client.post(f"{API}/items", json={"price": "x"}), 401, "UNAUTHORIZED")
    assert_error(client.patch(f"{API}/items/abc", json={}), 401, "UNAUTHORIZED")
    assert_error(client.post(f"{API}/items", content=b""), 401, "UNAUTHORIZED")
    # field validation (400) beats an unknown id (404) and not being the owner (403)
    bad = {"price": -1}
    assert_error(
        client.patch(f"{API}/items/0", json=bad, headers=auth_headers), 400, "VALIDATION_ERROR"
    )
    assert_error(client.patch(url, json=bad, headers=other_headers), 400, "VALIDATION_ERROR")
    # an unknown id (404) beats not being the owner (403)
    assert_error(
        client.patch(f"{API}/items/99999", json={}, headers=other_headers), 404, "NOT_FOUND"
    )
