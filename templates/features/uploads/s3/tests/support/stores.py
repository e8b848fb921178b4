"""The stores the storage tests run on, and what a store holds, read back for checks:
the local disk, and an S3 bucket on TEST_S3_URL (skipped, saying why, without one)."""

from pathlib import Path

from app.core.config import Settings
from app.core.s3_storage import S3Storage
from app.core.storage import LocalStorage, Storage
from tests.support.s3 import (
    bucket_names,
    credentials,
    new_bucket,
    require_s3,
    s3_client,
)

STORE_KINDS = ["local", "s3"]


def new_store(kind: str, tmp_path: Path) -> Storage:
    """An empty store of `kind` (the S3 one: a bucket of its own, removed with the run's)."""
    if kind == "local":
        return LocalStorage(str(tmp_path / "store"))
    url = require_s3()
    return S3Storage(new_bucket(), endpoint_url=url, region="us-east-1", **_keys())


def _keys() -> dict[str, str]:
    keys = credentials()
    return {
        "access_key_id": keys["aws_access_key_id"],
        "secret_access_key": keys["aws_secret_access_key"],
    }


def stored_names(settings: Settings) -> set[str]:
    """The names of everything the app's bucket holds."""
    return bucket_names(settings.s3_bucket)


def stored_bytes(settings: Settings, name: str) -> bytes:
    return s3_client().get_object(Bucket=settings.s3_bucket, Key=name)["Body"].read()
