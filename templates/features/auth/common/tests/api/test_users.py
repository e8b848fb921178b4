from tests.support.api import API, assert_error


def test_users_need_a_token(client, user):
    assert_error(client.get(f"{API}/users"), 401, "UNAUTHORIZED")
    assert_error(client.get(f"{API}/users/{user['id']}"), 401, "UNAUTHORIZED")
    # Auth is checked before query parameters and ids.
    assert_error(client.get(f"{API}/users", params={"page": 0}), 401, "UNAUTHORIZED")
    assert_error(client.get(f"{API}/users/abc"), 401, "UNAUTHORIZED")


def test_list_users_is_paginated_and_public(client, user, other_user, auth_headers):
    response = client.get(f"{API}/users", params={"limit": 1, "page": 2}, headers=auth_headers)
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == [other_user]
    assert body["pagination"] == {"page": 2, "limit": 1, "total": 2, "pages": 2}
    assert "password" not in response.text
    bad = client.get(f"{API}/users", params={"limit": 101}, headers=auth_headers)
    assert_error(bad, 400, "VALIDATION_ERROR")


def test_get_user(client, user, other_user, auth_headers):
    response = client.get(f"{API}/users/{other_user['id']}", headers=auth_headers)
    assert response.json() == {"success": True, "data": other_user}
    for bad in ("999999", "0", "abc"):
        assert_error(client.get(f"{API}/users/{bad}", headers=auth_headers), 404, "NOT_FOUND")
