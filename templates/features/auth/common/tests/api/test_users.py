"""Users: admins list and change them; anyone signed in reads another user's public form
(no email, no role) and their own in full. An admin is never made through the API."""

import pytest

from tests.support.api import API, assert_error, login_headers

OWN_FORM = {"id", "email", "name", "role", "created_at"}
PUBLIC_FORM = {"id", "name", "created_at"}


def test_users_need_a_token(client, user):
    assert_error(client.get(f"{API}/users"), 401, "UNAUTHORIZED")
    assert_error(client.get(f"{API}/users/{user['id']}"), 401, "UNAUTHORIZED")
    assert_error(client.patch(f"{API}/users/{user['id']}", json={"name": "X"}), 401, "UNAUTHORIZED")
    # Auth is checked before query parameters and ids.
    assert_error(client.get(f"{API}/users", params={"page": 0}), 401, "UNAUTHORIZED")
    assert_error(client.get(f"{API}/users/abc"), 401, "UNAUTHORIZED")


def test_only_admins_list_users(client, user, auth_headers):
    assert_error(client.get(f"{API}/users", headers=auth_headers), 403, "FORBIDDEN")
    # The query is judged before the role, as fields are before ownership elsewhere.
    bad = client.get(f"{API}/users", params={"limit": 101}, headers=auth_headers)
    assert_error(bad, 400, "VALIDATION_ERROR")


@pytest.mark.parametrize("query", [{"sort": "-id"}, {"role": "admin"}, {"q": "x"}])
def test_users_take_no_list_parameter_beyond_page_and_limit(client, admin_headers, query):
    # Not filters the list ignores: a 400 naming the parameter, as on every list.
    error = assert_error(
        client.get(f"{API}/users", params=query, headers=admin_headers), 400, "VALIDATION_ERROR"
    )
    assert [detail["field"] for detail in error["details"]] == list(query)


def test_an_admin_lists_users_in_full_and_paginated(client, user, other_user, admin, admin_headers):
    response = client.get(f"{API}/users", params={"limit": 2, "page": 2}, headers=admin_headers)
    assert response.status_code == 200
    body = response.json()
    assert body["pagination"] == {"page": 2, "limit": 2, "total": 3, "pages": 2}
    assert body["data"] == [{**admin, "role": "admin"}]
    first = client.get(f"{API}/users", params={"limit": 2}, headers=admin_headers).json()["data"]
    assert first == [{**user, "role": "user"}, {**other_user, "role": "user"}]
    assert "password" not in response.text


def test_another_user_is_seen_in_public_form(client, user, other_user, auth_headers):
    response = client.get(f"{API}/users/{other_user['id']}", headers=auth_headers)
    assert response.status_code == 200
    data = response.json()["data"]
    assert set(data) == PUBLIC_FORM
    assert data == {key: other_user[key] for key in PUBLIC_FORM}


def test_a_user_sees_themselves_in_full(client, user, auth_headers):
    response = client.get(f"{API}/users/{user['id']}", headers=auth_headers)
    assert response.json() == {"success": True, "data": {**user, "role": "user"}}
    me = client.get(f"{API}/auth/me", headers=auth_headers).json()["data"]
    assert set(me) == OWN_FORM and me["role"] == "user"


def test_an_admin_sees_everyone_in_full(client, other_user, admin_headers):
    data = client.get(f"{API}/users/{other_user['id']}", headers=admin_headers).json()["data"]
    assert data == {**other_user, "role": "user"}


def test_unknown_user_ids_are_404(client, user, auth_headers):
    for bad in ("999999", "0", "abc"):
        assert_error(client.get(f"{API}/users/{bad}", headers=auth_headers), 404, "NOT_FOUND")


def test_an_admin_renames_and_promotes_a_user(client, other_user, admin_headers):
    path = f"{API}/users/{other_user['id']}"
    response = client.patch(path, json={"role": "admin"}, headers=admin_headers)
    assert response.status_code == 200
    assert response.json()["data"] == {**other_user, "role": "admin"}
    renamed = client.patch(path, json={"name": "Robert"}, headers=admin_headers).json()["data"]
    assert renamed["name"] == "Robert" and renamed["role"] == "admin"
    # The new admin's next request already carries the role: it is read, not in the token.
    listed = client.get(f"{API}/users", headers=login_headers(client, other_user["email"]))
    assert listed.status_code == 200


def test_an_admin_demotes_an_admin(client, other_user, admin, admin_headers):
    path = f"{API}/users/{other_user['id']}"
    client.patch(path, json={"role": "admin"}, headers=admin_headers)
    demoted = client.patch(path, json={"role": "user"}, headers=admin_headers)
    assert demoted.json()["data"]["role"] == "user"


def test_only_admins_change_users(client, user, other_user, auth_headers):
    for target in (other_user, user):  # not even themselves: a role is not self-service
        response = client.patch(
            f"{API}/users/{target['id']}", json={"role": "admin"}, headers=auth_headers
        )
        assert_error(response, 403, "FORBIDDEN")
    # Fields first, then the row, then the role.
    bad = client.patch(f"{API}/users/{other_user['id']}", json={"role": 1}, headers=auth_headers)
    assert_error(bad, 400, "VALIDATION_ERROR")
    missing = client.patch(f"{API}/users/999999", json={"name": "X"}, headers=auth_headers)
    assert_error(missing, 404, "NOT_FOUND")


def test_a_change_is_checked_like_any_body(client, other_user, admin_headers):
    path = f"{API}/users/{other_user['id']}"
    for body in (
        {"role": "root"},
        {"role": None},
        {"name": None},
        {"name": ""},
        {"name": "n" * 101},
        {"email": "new@example.com"},
        {"password": "another password"},
    ):
        assert_error(client.patch(path, json=body, headers=admin_headers), 400, "VALIDATION_ERROR")
    unchanged = client.patch(path, json={}, headers=admin_headers).json()["data"]
    assert unchanged == {**other_user, "role": "user"}


def test_a_user_deletes_their_own_account_and_what_they_own(
    client, user, auth_headers, other_headers
):
    mine = client.post(f"{API}/items", json={"name": "Mine", "price": 1}, headers=auth_headers)
    theirs = client.post(f"{API}/items", json={"name": "Theirs", "price": 1}, headers=other_headers)
    response = client.delete(f"{API}/users/{user['id']}", headers=auth_headers)
    assert response.status_code == 204 and response.content == b""
    # The token names a user who is gone.
    assert_error(client.get(f"{API}/auth/me", headers=auth_headers), 401, "UNAUTHORIZED")
    item_of = lambda reply: f"{API}/items/{reply.json()['data']['id']}"  # noqa: E731
    assert_error(client.get(item_of(mine), headers=other_headers), 404, "NOT_FOUND")
    assert client.get(item_of(theirs), headers=other_headers).status_code == 200


def test_only_the_user_or_an_admin_deletes_an_account(
    client, user, other_user, other_headers, admin_headers
):
    path = f"{API}/users/{user['id']}"
    assert_error(client.delete(path), 401, "UNAUTHORIZED")
    assert_error(client.delete(path, headers=other_headers), 403, "FORBIDDEN")
    assert_error(client.delete(f"{API}/users/999999", headers=other_headers), 404, "NOT_FOUND")
    assert client.delete(path, headers=admin_headers).status_code == 204
    assert_error(client.get(path, headers=admin_headers), 404, "NOT_FOUND")
