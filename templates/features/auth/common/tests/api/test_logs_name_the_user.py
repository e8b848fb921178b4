"""A request's log line names the user it was made as, once the token is checked."""

from tests.support.api import API
from tests.support.logs import captured_log, json_lines, request_line


def test_a_request_line_names_its_user_and_an_anonymous_one_none(client, user, auth_headers):
    with captured_log("json") as log:
        client.get(f"{API}/auth/me", headers=auth_headers)
        client.get(f"{API}/items")
    lines = json_lines(log)
    assert request_line(lines, "GET", f"{API}/auth/me")["user_id"] == user["id"]
    assert "user_id" not in request_line(lines, "GET", f"{API}/items")
