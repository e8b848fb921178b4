"""The store this project keeps its uploads in: an S3-compatible bucket (S3_BUCKET)."""

from functools import lru_cache

from app.core.config import Settings
from app.core.s3_storage import S3Storage
from app.core.storage import Storage


def storage_for(settings: Settings) -> Storage:
    return s3_storage_for(settings)


def s3_storage_for(settings: Settings) -> S3Storage:
    secret = settings.aws_secret_access_key
    return _s3(
        settings.s3_bucket,
        settings.s3_endpoint_url,
        settings.s3_region,
        settings.aws_access_key_id,
        secret.get_secret_value() if secret else None,
        settings.s3_create_bucket,
    )


# A boto3 client is slow to build and safe to share between threads: one per store.
@lru_cache(maxsize=16)
def _s3(
    bucket: str,
    endpoint_url: str | None,
    region: str | None,
    access_key_id: str | None,
    secret_access_key: str | None,
    create_bucket: bool,
) -> S3Storage:
    return S3Storage(
        bucket,
        endpoint_url=endpoint_url,
        region=region,
        access_key_id=access_key_id,
        secret_access_key=secret_access_key,
        create_bucket=create_bucket,
    )


def check_storage(settings: Settings) -> str:
    return s3_storage_for(settings).check()
