"""Where PDFs and previews live: one content-addressed interface, a local folder or S3.

Only this package knows which backend runs; everyone else holds a `Storage`.
"""

from letters_app.storage.atomic import write_atomically
from letters_app.storage.base import (
    BlobInfo,
    BlobNotFound,
    BlobStream,
    Storage,
    StorageUnavailable,
    StoredBlob,
)
from letters_app.storage.factory import open_storage
from letters_app.storage.local import LocalStorage

__all__ = ["BlobInfo", "BlobNotFound", "BlobStream", "LocalStorage", "Storage",
           "StorageUnavailable", "StoredBlob", "open_storage", "write_atomically"]
