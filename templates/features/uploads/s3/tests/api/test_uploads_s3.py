"""Uploads in the S3 bucket: they land there byte for byte, and a store that does not
answer is a 503 on upload and download, with nothing recorded."""

import logging

import pytest

from tests.support.api import API, assert_error
from tests.support.s3 import NO_SERVER, s3_client
from tests.support.stores import stored_bytes, stored_names

pytestmark = pytest.mark.usefixtures("s3_server")

CONTENT = bytes(range(256)) * 64


def _upload(client, headers, content=CONTENT, content_type="image/png"):
    files = {"file": ("photo.png", content, content_type)}
    return client.post(f"{API}/uploads", files=files, headers=headers)


def test_an_upload_lands_in_the_bucket_with_its_type_and_downloads_the_same(
    client, auth_headers, settings
):
    before = stored_names(settings)
    response = _upload(client, auth_headers)
    assert response.status_code == 201, response.text
    (name,) = stored_names(settings) - before
    assert stored_bytes(settings, name) == CONTENT
    head = s3_client().head_object(Bucket=settings.s3_bucket, Key=name)
    assert head["ContentType"] == "image/png"
    download = client.get(f"{API}/uploads/{response.json()['data']['id']}", headers=auth_headers)
    assert download.content == CONTENT
    assert download.headers["content-type"] == "image/png"


def test_a_store_that_does_not_answer_is_a_503_and_records_nothing(
    client, make_client, auth_headers, settings
):
    first = _upload(client, auth_headers).json()["data"]["id"]
    down = make_client(s3_endpoint_url=NO_SERVER)
    before = stored_names(settings)
    error = assert_error(_upload(down, auth_headers), 503, "SERVICE_UNAVAILABLE")
    assert NO_SERVER not in str(error) and "127.0.0.1" not in str(error)
    assert stored_names(settings) == before
    download = down.get(f"{API}/uploads/{first}", headers=auth_headers)
    assert_error(download, 503, "SERVICE_UNAVAILABLE")
    # No row was written for the refused upload: the next one takes the next id.
    assert _upload(client, auth_headers).json()["data"]["id"] == first + 1


def test_ready_is_503_naming_storage_when_the_bucket_does_not_answer(make_client):
    error = assert_error(
        make_client(s3_endpoint_url=NO_SERVER).get(f"{API}/ready"), 503, "SERVICE_UNAVAILABLE"
    )
    assert error["details"] == [
        {"field": "storage", "message": "The upload bucket does not answer"}
    ]


def test_ready_creates_a_missing_bucket_only_when_asked_to(make_client, settings):
    missing = f"{settings.s3_bucket}-new"
    refusing = make_client(s3_bucket=missing)
    assert_error(refusing.get(f"{API}/ready"), 503, "SERVICE_UNAVAILABLE")
    creating = make_client(s3_bucket=missing, s3_create_bucket=True)
    try:
        assert creating.get(f"{API}/ready").status_code == 200
    finally:
        s3_client().delete_bucket(Bucket=missing)


def test_the_secret_key_is_never_in_the_settings_or_the_logs(
    make_client, auth_headers, settings, caplog
):
    secret = settings.aws_secret_access_key.get_secret_value()
    assert secret not in repr(settings) and secret not in str(settings.model_dump())
    with caplog.at_level(logging.DEBUG):
        _upload(client=make_client(s3_endpoint_url=NO_SERVER), headers=auth_headers)
        _upload(client=make_client(), headers=auth_headers)
    assert caplog.text and secret not in caplog.text
