"""S3-compatible object storage (AWS S3, MinIO, …) through boto3: one object per blob."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Iterator
from contextlib import closing
from typing import Any, TypeVar

import boto3
from botocore.config import Config as BotoConfig
from botocore.exceptions import BotoCoreError, ClientError

from letters_app.storage.base import (
    CHUNK_SIZE,
    BlobInfo,
    BlobNotFound,
    BlobStream,
    StorageUnavailable,
    StoredBlob,
    check_key,
    is_key,
)

T = TypeVar("T")

NOT_FOUND = {"404", "NoSuchKey", "NotFound"}

# Fail fast and let the caller retry: a render task retries with backoff on StorageUnavailable,
# which beats a worker blocked for botocore's default 60 s connect timeout.
CLIENT_CONFIG = dict(connect_timeout=3, read_timeout=30,
                     retries={"max_attempts": 3, "mode": "standard"})


class S3Storage:
    def __init__(self, bucket: str, prefix: str = "", *, endpoint_url: str | None = None,
                 region: str | None = None, access_key_id: str | None = None,
                 secret_access_key: str | None = None) -> None:
        self.bucket = bucket
        self.prefix = f"{prefix.strip('/')}/" if prefix.strip("/") else ""
        self.endpoint_url = endpoint_url
        # Credentials left unset come from boto3's usual chain (AWS_* variables, ~/.aws,
        # an instance role). A custom endpoint (MinIO) is addressed by path, not by DNS name.
        self._client = boto3.session.Session().client(
            "s3", endpoint_url=endpoint_url, region_name=region,
            aws_access_key_id=access_key_id, aws_secret_access_key=secret_access_key,
            config=BotoConfig(**CLIENT_CONFIG,
                              s3={"addressing_style": "path" if endpoint_url else "auto"}))

    @property
    def location(self) -> str:
        where = f" at {self.endpoint_url}" if self.endpoint_url else ""
        return f"s3://{self.bucket}/{self.prefix}{where}"

    def _key(self, sha256: str) -> str:
        return self.prefix + check_key(sha256)

    def put(self, data: bytes) -> StoredBlob:
        sha = hashlib.sha256(data)
        digest, key = sha.hexdigest(), self._key(sha.hexdigest())
        head = self._head(digest)
        if head is not None and head["ContentLength"] == len(data):
            # Copy onto itself to renew LastModified: garbage collection about to sweep an
            # old unreferenced copy of these bytes now sees them as fresh.
            self._call(digest, self._client.copy_object, Bucket=self.bucket, Key=key,
                       CopySource={"Bucket": self.bucket, "Key": key},
                       MetadataDirective="REPLACE", ContentType="application/octet-stream",
                       ChecksumAlgorithm="SHA256")
            return StoredBlob(sha256=digest, size=len(data))
        md5 = hashlib.md5(data, usedforsecurity=False)
        # One PUT is atomic: the object appears whole or not at all. The server checks the
        # body against both digests and refuses a corrupted upload.
        response = self._call(
            digest, self._client.put_object, Bucket=self.bucket, Key=key, Body=data,
            ContentType="application/octet-stream",
            ChecksumSHA256=base64.b64encode(sha.digest()).decode(),
            ContentMD5=base64.b64encode(md5.digest()).decode())
        self._check_stored(digest, response, sha.digest(), md5.hexdigest())
        return StoredBlob(sha256=digest, size=len(data))

    def _check_stored(self, digest: str, response: dict[str, Any], sha: bytes,
                      md5_hex: str) -> None:
        """Not every S3-compatible server checks the digests it is sent. What it reports
        back (its SHA-256, else the ETag, the MD5 of a single-part upload) must match too;
        a mismatch is removed at once and the put fails, to be retried."""
        stored_sha = response.get("ChecksumSHA256")
        if stored_sha is not None:
            matches = stored_sha == base64.b64encode(sha).decode()
        else:
            matches = response.get("ETag", "").strip('"') == md5_hex
        if not matches:
            self.delete(digest)
            raise StorageUnavailable(f"upload of {digest} to {self.location} arrived "
                                     "corrupted; removed it")

    def read(self, sha256: str) -> bytes:
        response = self._call(sha256, self._client.get_object, Bucket=self.bucket,
                              Key=self._key(sha256))
        with closing(response["Body"]) as body:
            return self._call(sha256, body.read)

    def open(self, sha256: str) -> BlobStream:
        return self._stream(sha256)

    def open_range(self, sha256: str, start: int, stop: int) -> BlobStream:
        # HTTP byte ranges are inclusive at both ends.
        return self._stream(sha256, Range=f"bytes={start}-{stop - 1}")

    def _stream(self, sha256: str, **request: str) -> BlobStream:
        response = self._call(sha256, self._client.get_object, Bucket=self.bucket,
                              Key=self._key(sha256), **request)
        body = response["Body"]
        return BlobStream(response["ContentLength"],
                          self._guarded(sha256, body.iter_chunks(CHUNK_SIZE)), body.close)

    def _guarded(self, sha256: str, chunks: Iterator[bytes]) -> Iterator[bytes]:
        """The body arrives over the network: losing it midway is StorageUnavailable too."""
        iterator = iter(chunks)
        while True:
            chunk = self._call(sha256, next, iterator, None)
            if chunk is None:
                return
            yield chunk

    def exists(self, sha256: str) -> bool:
        return self._head(sha256) is not None

    def size(self, sha256: str) -> int:
        return self.stat(sha256).size

    def stat(self, sha256: str) -> BlobInfo:
        head = self._head(sha256)
        if head is None:
            raise BlobNotFound(sha256)
        return BlobInfo(sha256, int(head["ContentLength"]), head["LastModified"])

    def delete(self, sha256: str) -> None:
        self._call(sha256, self._client.delete_object, Bucket=self.bucket, Key=self._key(sha256))

    def list_blobs(self) -> Iterator[BlobInfo]:
        pages = self._client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=self.prefix)
        for page in self._guarded("(listing)", iter(pages)):
            for item in page.get("Contents", []):
                name = item["Key"][len(self.prefix):]
                if is_key(name):
                    yield BlobInfo(name, int(item["Size"]), item["LastModified"])

    def _head(self, sha256: str) -> dict[str, Any] | None:
        try:
            return self._call(sha256, self._client.head_object, Bucket=self.bucket,
                              Key=self._key(sha256))
        except BlobNotFound:
            return None

    def _call(self, sha256: str, operation: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run one S3 call; a missing object is BlobNotFound, anything else that goes wrong
        (unreachable, refused, no bucket, denied, server errors) is StorageUnavailable."""
        try:
            return operation(*args, **kwargs)
        except ClientError as err:
            code = str(err.response.get("Error", {}).get("Code", ""))
            if code in NOT_FOUND:
                raise BlobNotFound(sha256) from err
            raise StorageUnavailable(f"{self.location}: {err}") from err
        except BotoCoreError as err:
            raise StorageUnavailable(f"{self.location}: {err}") from err
