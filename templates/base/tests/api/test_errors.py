"""The envelope and the order in which errors win (see the API contract)."""

import re
import uuid

import pytest

from tests.support.api import API, assert_error, item_body

JSON = {"Content-Type": "application/json"}


def test_unknown_route_is_404(client):
    assert_error(client.get(f"{API}/nope"), 404, "NOT_FOUND")
    assert_error(client.get("/"), 404, "NOT_FOUND")
    assert_error(client.get(f"{API}/items/", follow_redirects=False), 404, "NOT_FOUND")


def test_wrong_method_is_405(client):
    error = client.put(f"{API}/health", json={})
    assert_error(error, 405, "METHOD_NOT_ALLOWED")
    assert "GET" in error.headers["allow"]


def test_malformed_json_is_400(client, auth_headers):
    response = client.post(f"{API}/items", content="{not json", headers={**auth_headers, **JSON})
    error = assert_error(response, 400, "VALIDATION_ERROR")
    assert error["details"] == [{"field": "body", "message": "Request body is not valid JSON"}]


@pytest.mark.parametrize("content_type", [None, "text/plain", "application/x-www-form-urlencoded"])
def test_body_without_json_content_type_is_415(client, auth_headers, content_type):
    headers = dict(auth_headers)
    if content_type:
        headers["Content-Type"] = content_type
    response = client.post(f"{API}/items", content=b'{"name": "x"}', headers=headers)
    assert_error(response, 415, "UNSUPPORTED_MEDIA_TYPE")


def test_json_content_type_variants_are_accepted(client, auth_headers):
    for content_type in ("application/json; charset=utf-8", "application/merge-patch+json"):
        headers = {**auth_headers, "Content-Type": content_type}
        response = client.post(
            f"{API}/items", content=b'{"name": "x", "price": 1}', headers=headers
        )
        assert response.status_code == 201, response.text


def test_body_over_limit_is_413_before_415(client, auth_headers):
    big = b"x" * (1024 * 1024 + 1)
    response = client.post(f"{API}/items", content=big, headers={**auth_headers, **JSON})
    assert_error(response, 413, "PAYLOAD_TOO_LARGE")
    text = {**auth_headers, "Content-Type": "text/plain"}
    assert_error(client.post(f"{API}/items", content=big, headers=text), 413, "PAYLOAD_TOO_LARGE")


def test_streamed_body_over_limit_is_413(client, auth_headers):
    def chunks():
        for _ in range(20):
            yield b"x" * 65536

    response = client.post(f"{API}/items", content=chunks(), headers={**auth_headers, **JSON})
    assert "content-length" not in response.request.headers
    assert_error(response, 413, "PAYLOAD_TOO_LARGE")


def test_415_wins_over_malformed_json(client, auth_headers):
    response = client.post(
        f"{API}/items", content=b"{oops", headers={**auth_headers, "Content-Type": "text/plain"}
    )
    assert_error(response, 415, "UNSUPPORTED_MEDIA_TYPE")


def test_unknown_route_wins_over_everything(client):
    response = client.post(f"{API}/nope", content=b"x" * (2 * 1024 * 1024))
    assert_error(response, 404, "NOT_FOUND")


def test_request_id_is_echoed_when_valid(client):
    response = client.get(f"{API}/health", headers={"X-Request-ID": "abc-123:x.y_z"})
    assert response.headers["x-request-id"] == "abc-123:x.y_z"


@pytest.mark.parametrize("bad", ["", "has space", "x" * 129, "semi;colon", "é"])
def test_invalid_request_id_is_replaced(client, bad):
    response = client.get(f"{API}/health", headers={"X-Request-ID": bad.encode()})
    assert response.headers["x-request-id"] != bad
    uuid.UUID(response.headers["x-request-id"])


def test_every_kind_of_response_carries_a_request_id(client, auth_headers):
    responses = [
        client.get(f"{API}/health"),
        client.get(f"{API}/nope"),
        client.post(f"{API}/items", content=b"{", headers={**auth_headers, **JSON}),
        client.get(f"{API}/openapi.json"),
    ]
    for response in responses:
        assert re.fullmatch(r"[0-9a-f-]{36}", response.headers["x-request-id"])


def test_unexpected_error_is_a_generic_500(failing_client, caplog):
    response = failing_client.get(f"{API}/test-crash", headers={"X-Request-ID": "crash-1"})
    error = assert_error(response, 500, "INTERNAL_ERROR")
    assert response.headers["x-request-id"] == "crash-1"
    assert "boom" not in response.text and "SELECT" not in response.text
    assert error["message"] == "An unexpected error occurred"
    assert "crash-1" in caplog.text and "boom" in caplog.text


def test_success_envelope(client, auth_headers):
    response = client.post(f"{API}/items", json=item_body(), headers=auth_headers)
    body = response.json()
    assert body["success"] is True and set(body) == {"success", "data"}
