"""The one place that turns STORAGE_URL into a backend."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from letters_app.config import Config
from letters_app.storage.base import Storage
from letters_app.storage.local import LocalStorage


def open_storage(config: Config) -> Storage:
    """`file:///srv/letters` is a local folder; `s3://bucket/prefix` is object storage at
    S3_ENDPOINT_URL (or AWS). Config has already checked the URL's shape."""
    url = urlsplit(config.storage_url)
    if url.scheme == "file":
        return LocalStorage(Path(unquote(url.path)))
    # Imported here: boto3 takes a while to import, and the local default never needs it.
    from letters_app.storage.s3 import S3Storage

    return S3Storage(url.netloc, url.path, endpoint_url=config.s3_endpoint_url,
                     region=config.s3_region, access_key_id=config.s3_access_key_id,
                     secret_access_key=config.s3_secret_access_key)
