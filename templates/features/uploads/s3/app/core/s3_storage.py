"""Uploads in an S3-compatible bucket (AWS S3, SeaweedFS, MinIO, R2, ...), through boto3.

Every call is bounded in time, and a store that does not answer (or refuses: bad
credentials, no such bucket) raises StorageUnavailable, a 503. Its cause goes to the
log, never the credentials: botocore's errors do not carry them, and the secret is a
SecretStr in the settings.
"""

import logging
from collections.abc import Iterator
from typing import IO, TYPE_CHECKING

import boto3
from boto3.s3.transfer import TransferConfig
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from app.core.errors import PayloadTooLarge
from app.core.readiness import NotReady
from app.core.storage import CHUNK_SIZE, StorageUnavailable, StoredObject

if TYPE_CHECKING:
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_s3.type_defs import GetObjectOutputTypeDef

logger = logging.getLogger(__name__)

# One part in memory at a time (S3's smallest part size): a 10 MiB upload is streamed
# in two parts, never held whole.
PART_SIZE = 5 * 1024 * 1024
TRANSFER = TransferConfig(
    multipart_threshold=PART_SIZE, multipart_chunksize=PART_SIZE, use_threads=False
)
MISSING = {"404", "NoSuchKey", "NotFound"}
StoreErrors = (BotoCoreError, ClientError)


def client_config(endpoint_url: str | None) -> Config:
    return Config(
        # A store that is down is a 503 within seconds, not a request held for minutes.
        connect_timeout=3,
        read_timeout=20,
        retries={"max_attempts": 2, "mode": "standard"},
        # Checksums only where S3 requires them: some S3-compatible servers refuse
        # the newer default ones.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        # Servers other than AWS seldom have a DNS name per bucket.
        s3={"addressing_style": "path" if endpoint_url else "auto"},
    )


class _CappedReader:
    """A file-like view of `source` that raises PayloadTooLarge past `max_bytes`, so
    the limit holds while boto3 streams it (it reads, never seeks, this one). Each read
    goes straight to `source`: nothing is buffered here."""

    def __init__(self, source: IO[bytes], max_bytes: int) -> None:
        self._source = source
        self._max_bytes = max_bytes
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        if size < 0:
            # One byte past the limit is enough to know it is passed.
            size = self._max_bytes - self.size + 1
        data = self._source.read(size)
        self.size += len(data)
        if self.size > self._max_bytes:
            raise PayloadTooLarge(f"File is larger than {self._max_bytes} bytes")
        return data


class S3Storage:
    def __init__(
        self,
        bucket: str,
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        create_bucket: bool = False,
    ) -> None:
        self.bucket = bucket
        self.create_bucket = create_bucket
        self.client: S3Client = boto3.client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region or None,
            aws_access_key_id=access_key_id or None,
            aws_secret_access_key=secret_access_key or None,
            config=client_config(endpoint_url),
        )

    def put(self, name: str, source: IO[bytes], *, max_bytes: int, content_type: str) -> int:
        reader = _CappedReader(source, max_bytes)
        try:
            self.client.upload_fileobj(
                reader,  # type: ignore[arg-type]  # read() is all boto3 calls on it
                self.bucket,
                name,
                ExtraArgs={"ContentType": content_type},
                Config=TRANSFER,
            )
        except StoreErrors as exc:
            raise _unavailable("store", name, exc) from None
        except BaseException:
            # Past the limit (or interrupted): boto3 aborted a multipart upload; a
            # single-part one never started. Nothing may stay under `name` either way.
            self._forget(name)
            raise
        return reader.size

    def stat(self, name: str) -> StoredObject | None:
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=name)
        except ClientError as exc:
            if _code(exc) in MISSING:
                return None
            raise _unavailable("find", name, exc) from None
        except BotoCoreError as exc:
            raise _unavailable("find", name, exc) from None
        return StoredObject(size=head["ContentLength"], content_type=head.get("ContentType"))

    def open(self, name: str, start: int, length: int) -> Iterator[bytes]:
        if length <= 0:
            return iter(())
        try:
            # One ranged GET: a Range download costs only the bytes it asks for.
            found = self.client.get_object(
                Bucket=self.bucket, Key=name, Range=f"bytes={start}-{start + length - 1}"
            )
        except StoreErrors as exc:
            raise _unavailable("read", name, exc) from None
        return _body_chunks(found)

    def delete(self, name: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=name)
        except StoreErrors as exc:
            raise _unavailable("delete", name, exc) from None

    def check(self) -> str:
        """GET /ready's `storage`: the bucket answers (created first if asked to)."""
        try:
            self.client.head_bucket(Bucket=self.bucket)
        except ClientError as exc:
            if not (self.create_bucket and _code(exc) in MISSING | {"NoSuchBucket"}):
                logger.warning("S3 bucket check failed: %s", exc)
                raise NotReady("The upload bucket does not answer") from None
            self._create()
        except BotoCoreError as exc:
            logger.warning("S3 bucket check failed: %s", exc)
            raise NotReady("The upload bucket does not answer") from None
        return "ok"

    def _create(self) -> None:
        try:
            self.client.create_bucket(Bucket=self.bucket)
        except StoreErrors as exc:
            logger.warning("could not create the S3 bucket: %s", exc)
            raise NotReady("The upload bucket does not answer") from None
        logger.info("created the S3 bucket %s", self.bucket)

    def _forget(self, name: str) -> None:
        try:
            self.client.delete_object(Bucket=self.bucket, Key=name)
        except StoreErrors:
            logger.warning("could not delete the partial upload %s", name, exc_info=True)


def _body_chunks(found: "GetObjectOutputTypeDef") -> Iterator[bytes]:
    body = found["Body"]
    try:
        yield from body.iter_chunks(CHUNK_SIZE)
    finally:
        body.close()


def _code(exc: ClientError) -> str:
    return str(exc.response.get("Error", {}).get("Code", ""))


def _unavailable(action: str, name: str, exc: Exception) -> StorageUnavailable:
    logger.error("S3 could not %s upload %s: %s", action, name, exc)
    return StorageUnavailable()
