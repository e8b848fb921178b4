"""A throwaway bucket for one test run, on the S3-compatible server TEST_S3_URL names.

Read like the app's settings (the environment first, then .env). Unset, the tests that
need the server are skipped, saying why; the others run. Each run creates its own
uniquely named bucket and removes it at the end, so two runs never meet.
"""

import secrets
from functools import lru_cache
from pathlib import Path

import boto3
import pytest
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.core.s3_storage import client_config

ENV_VAR = "TEST_S3_URL"
PROJECT_ROOT = Path(__file__).resolve().parents[2]
# Nothing listens on port 1 of loopback: what the app's settings name without a server.
NO_SERVER = "http://127.0.0.1:1"
SKIP_REASON = (
    f"{ENV_VAR} is not set: these tests need an S3-compatible server they may create "
    f"buckets on, e.g. {ENV_VAR}=http://localhost:8333 (docker compose up -d seaweedfs)"
)


class _TestS3Setting(BaseSettings):
    model_config = SettingsConfigDict(env_file_encoding="utf-8", extra="ignore")

    test_s3_url: str = ""
    aws_access_key_id: str = "test"
    aws_secret_access_key: str = "test-secret"  # noqa: S105 - a throwaway server's


@lru_cache(maxsize=1)
def _setting() -> _TestS3Setting:
    return _TestS3Setting(_env_file=PROJECT_ROOT / ".env")


def s3_url() -> str | None:
    return _setting().test_s3_url.strip() or None


def require_s3() -> str:
    url = s3_url()
    if url is None:
        pytest.skip(SKIP_REASON)
    return url


def credentials() -> dict[str, str]:
    setting = _setting()
    return {
        "aws_access_key_id": setting.aws_access_key_id,
        "aws_secret_access_key": setting.aws_secret_access_key,
    }


def s3_client():
    url = s3_url() or NO_SERVER
    return boto3.client(
        "s3", endpoint_url=url, region_name="us-east-1", config=client_config(url), **credentials()
    )


_created: list[str] = []


@lru_cache(maxsize=1)
def run_bucket() -> str:
    """The app's bucket for this run, created on first use when there is a server."""
    return new_bucket() if s3_url() is not None else "no-server"


def new_bucket() -> str:
    name = f"test-{secrets.token_hex(6)}"
    s3_client().create_bucket(Bucket=name)
    _created.append(name)
    return name


def settings_values() -> dict[str, str]:
    """The app's S3 settings in the tests: the run's bucket on TEST_S3_URL, or a server
    that refuses at once, for the tests that never reach the store."""
    return {
        "s3_bucket": run_bucket(),
        "s3_endpoint_url": s3_url() or NO_SERVER,
        "s3_region": "us-east-1",
        **credentials(),
    }


def remove_created_buckets() -> None:
    while _created:
        remove_bucket(_created.pop())


def remove_bucket(name: str) -> None:
    client = s3_client()
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=name):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=name, Key=item["Key"])
    client.delete_bucket(Bucket=name)


def bucket_names(bucket: str) -> set[str]:
    client = s3_client()
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return {item["Key"] for page in pages for item in page.get("Contents", [])}
