"""One setting picks the storage: STORAGE_URL (file:// or s3://); STORAGE_DIR stays the
shorthand for a local folder, the instance folder's storage/ the default."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from letters_app.config import Config, ConfigError
from letters_app.storage import LocalStorage, open_storage


def config(tmp_path: Path, **env: str) -> Config:
    return Config.from_env({"INSTANCE_DIR": str(tmp_path / "instance"),
                            "SECRET_KEY": "k", **env})


def test_default_is_the_instance_folders_storage(tmp_path: Path) -> None:
    storage = open_storage(config(tmp_path))
    assert isinstance(storage, LocalStorage)
    assert storage.root == (tmp_path / "instance" / "storage").resolve()


def test_storage_dir_and_file_url_are_the_same_local_folder(tmp_path: Path) -> None:
    folder = tmp_path / "my files"
    by_dir = open_storage(config(tmp_path, STORAGE_DIR=str(folder)))
    by_url = open_storage(config(tmp_path, STORAGE_URL=folder.as_uri()))
    assert isinstance(by_dir, LocalStorage) and isinstance(by_url, LocalStorage)
    assert by_dir.root == by_url.root == folder


def test_s3_url_names_bucket_prefix_and_endpoint(tmp_path: Path) -> None:
    storage = open_storage(config(tmp_path, STORAGE_URL="s3://letters/prod/blobs/",
                                  S3_ENDPOINT_URL="http://minio:9000", S3_REGION="us-east-1",
                                  AWS_ACCESS_KEY_ID="id", AWS_SECRET_ACCESS_KEY="secret"))
    assert storage.location == "s3://letters/prod/blobs/ at http://minio:9000"
    assert "secret" not in storage.location


@pytest.mark.parametrize("url", ["s3://", "s3://ab", "file://relative/path", "ftp://host/x",
                                 "/srv/letters", "s3:/bucket"])
def test_a_storage_url_of_the_wrong_shape_is_a_clear_config_error(tmp_path: Path,
                                                                  url: str) -> None:
    with pytest.raises(ConfigError, match="STORAGE_URL must look like file:///absolute/folder"):
        config(tmp_path, STORAGE_URL=url)


def test_only_the_storage_package_knows_the_backends() -> None:
    package = Path(__file__).resolve().parents[2] / "letters_app"
    backend_words = re.compile(r"\b(boto3|botocore|S3Storage|blob_path|LocalStorage)\b|\.root\b")
    knowing = {}
    for path in package.rglob("*.py"):
        name = path.relative_to(package).as_posix()
        if name.startswith("storage/") or name == "config.py":  # config reads S3_* settings
            continue
        found = {m.group(0) for m in backend_words.finditer(path.read_text())}
        if found:
            knowing[name] = found
    assert knowing == {}
