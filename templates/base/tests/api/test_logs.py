"""The log: one line per request, as text for a person or as JSON for a collector
(LOG_FORMAT), each line naming the request it belongs to by its X-Request-ID."""

import re
from datetime import datetime, timedelta
from urllib.parse import quote

import pytest

from app.core.config import Settings, default_log_format
from app.core.request_log import MAX_LOGGED_PATH
from tests.support.api import API
from tests.support.logs import captured_log, json_lines, request_line


def _text_request_lines(log):
    return [line for line in log.getvalue().splitlines() if " app.request " in line]


@pytest.mark.parametrize("sent_id", [None, "client-chosen-id-42"])
def test_each_json_line_parses_and_names_the_request_by_its_id(client, sent_id):
    headers = {"X-Request-ID": sent_id} if sent_id else {}
    with captured_log("json") as log:
        response = client.get(f"{API}/health", headers=headers)
    line = request_line(json_lines(log), "GET", f"{API}/health")
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert sent_id is None or line["request_id"] == sent_id
    assert line["level"] == "INFO" and line["logger"] == "app.request"
    assert line["status"] == 200
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    assert datetime.fromisoformat(line["time"]).utcoffset() == timedelta(0)
    assert line["message"].startswith(f"GET {API}/health 200 ")


def test_a_json_line_keeps_the_path_as_sent_and_on_one_line(client):
    with captured_log("json") as log:
        response = client.get(f"{API}/nope%0Aforged")
    line = request_line(json_lines(log), "GET", f"{API}/nope\nforged")
    assert line["status"] == 404
    assert line["request_id"] == response.headers["X-Request-ID"]


def test_a_long_path_is_logged_shortened_so_the_line_is_written_whole(client):
    # The worst case for its length: every character escaped in the message and the field.
    path = f"{API}/{'😀' * 600}"
    with captured_log("json") as log:
        client.get(quote(path))
    line = request_line(json_lines(log), "GET", path[:MAX_LOGGED_PATH] + "…")
    assert line["status"] == 404
    written = [text for text in log.getvalue().splitlines() if '"logger": "app.request"' in text]
    assert len(written) == 1 and len(written[0].encode()) < 4096


def test_an_unexpected_error_is_one_json_line_holding_its_traceback(failing_client):
    with captured_log("json") as log:
        response = failing_client.get(f"{API}/test-crash")
    assert response.status_code == 500
    lines = json_lines(log)
    errors = [line for line in lines if "exception" in line]
    assert len(errors) == 1
    assert errors[0]["level"] == "ERROR"
    assert errors[0]["request_id"] == response.headers["X-Request-ID"]
    assert errors[0]["exception"].startswith("Traceback (most recent call last):")
    assert "RuntimeError: boom" in errors[0]["exception"]
    assert request_line(lines, "GET", f"{API}/test-crash")["status"] == 500


def test_a_text_line_reads_as_it_always_has(client):
    with captured_log("text") as log:
        response = client.get(f"{API}/health")
    request_id = response.headers["X-Request-ID"]
    timestamp = r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}"
    line = rf"{timestamp} INFO app\.request GET {API}/health 200 \d+\.\dms request_id={request_id}"
    assert [re.fullmatch(line, text) is not None for text in _text_request_lines(log)] == [True]


def test_a_text_line_escapes_a_path_that_would_forge_another(client):
    with captured_log("text") as log:
        client.get(f"{API}/nope%0Aforged")
    [line] = _text_request_lines(log)
    assert f" GET {API}/nope\\nforged 404 " in line
    assert not any(text.startswith("forged") for text in log.getvalue().splitlines())


def test_the_format_follows_the_environment_unless_log_format_is_set(monkeypatch):
    assert default_log_format({"environment": "development"}) == "text"
    assert default_log_format({"environment": "test"}) == "text"
    assert default_log_format({"environment": " Production "}) == "json"
    monkeypatch.delenv("LOG_FORMAT", raising=False)
    monkeypatch.setenv("ENVIRONMENT", "development")
    assert Settings(_env_file=None).log_format == "text"
    monkeypatch.setenv("LOG_FORMAT", "json")
    assert Settings(_env_file=None).log_format == "json"
