"""`letters storage gc` on both backends: only blobs that no document references and that are
older than the grace period go; a dry run only lists them."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import _empty
from sqlalchemy import String, select

from letters_app.cli import main
from letters_app.config import Config
from letters_app.demo import seed_demo
from letters_app.domain.blob_gc import blob_columns, delete_garbage, find_garbage
from letters_app.domain.models import Base, Document, PrintBatch, Role, User
from letters_app.services import Services


@pytest.fixture(params=["local", pytest.param("s3", marks=pytest.mark.s3)])
def env(request: pytest.FixtureRequest, tmp_path: Path,
        sqlite_url: str) -> Iterator[dict[str, str]]:
    storage = ({"STORAGE_URL": (tmp_path / "blobs").as_uri()} if request.param == "local"
               else request.getfixturevalue("s3_env"))
    yield {"INSTANCE_DIR": str(tmp_path / "instance"), "DATABASE_URL": sqlite_url,
           "SECRET_KEY": "test-secret-key", "LETTERS_ENV": "testing", **storage}
    _empty(sqlite_url)


@pytest.fixture
def services(env: dict[str, str]) -> Iterator[Services]:
    """The demo data (its letters rendered into storage) plus two blobs nothing references."""
    services = Services.create(Config.from_env(env))
    with services.db.session() as session:
        seed_demo(session, services.storage)
    yield services
    services.db.dispose()


def referenced(services: Services) -> set[str]:
    with services.db.session() as session:
        return {d.sha256 for d in session.query(Document)}


def gc(env: dict[str, str], *args: str) -> str:
    result = CliRunner().invoke(main, ["storage", "gc", *args], env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_dry_run_lists_unreferenced_blobs_and_deletes_nothing(services: Services,
                                                              env: dict[str, str]) -> None:
    storage = services.storage
    orphans = {storage.put(f"render rolled back {n}".encode()) for n in range(2)}
    before = {blob.sha256 for blob in storage.list_blobs()}

    output = gc(env, "--older-than", "0s")

    for orphan in orphans:
        assert orphan.sha256 in output
    for sha256 in referenced(services):
        assert sha256 not in output
    total = sum(orphan.size for orphan in orphans)
    assert f"Would delete 2 blob(s), {total:,} bytes" in output
    assert {blob.sha256 for blob in storage.list_blobs()} == before


def test_delete_removes_old_unreferenced_blobs_and_keeps_the_rest(services: Services,
                                                                  env: dict[str, str]) -> None:
    storage = services.storage
    orphan = storage.put(b"an old render nobody references")
    in_use = referenced(services)
    assert in_use

    output = gc(env, "--older-than", "0s", "--delete")

    assert f"Deleted 1 blob(s), {orphan.size:,} bytes." in output
    assert not storage.exists(orphan.sha256)
    assert {blob.sha256 for blob in storage.list_blobs()} == in_use
    for sha256 in in_use:
        assert storage.read(sha256)


def test_a_print_batchs_merged_pdf_and_manifest_are_in_use(services: Services,
                                                           env: dict[str, str]) -> None:
    storage = services.storage
    pdf, manifest = storage.put(b"%PDF- a batch"), storage.put(b'{"items": []}')
    with services.db.session() as session:
        shop = session.scalar(select(User).where(User.role == Role.PRINTSHOP.value))
        session.add(PrintBatch(printshop=shop, pdf_sha256=pdf.sha256,
                               manifest_sha256=manifest.sha256))
        session.commit()

    output = gc(env, "--older-than", "0s", "--delete")

    assert "Deleted 0 blob(s)" in output
    assert storage.read(pdf.sha256) == b"%PDF- a batch" and storage.exists(manifest.sha256)


def test_every_blob_key_column_counts_as_a_reference() -> None:
    """A table that stores a blob names its column `sha256` or `..._sha256`: gc finds it."""
    names = {str(column) for column in blob_columns()}
    assert {"documents.sha256", "print_batches.pdf_sha256",
            "print_batches.manifest_sha256"} <= names
    # The other 64-character columns are hashes of secrets and keys, not blobs; a new one must
    # be added here knowingly, or named as a blob key.
    not_blobs = {"api_tokens.token_hash", "login_sessions.token_hash",
                 "idempotency_keys.fingerprint", "letters.order_key"}
    sized_like_a_key = {str(column) for table in Base.metadata.sorted_tables
                        for column in table.columns
                        if isinstance(column.type, String) and column.type.length == 64}
    assert sized_like_a_key - names == not_blobs


def test_a_fresh_unreferenced_blob_survives_the_grace_period(services: Services,
                                                             env: dict[str, str]) -> None:
    fresh = services.storage.put(b"a render whose document is not committed yet")

    output = gc(env, "--delete")  # the default grace period: 7 days

    assert "0 unreferenced blob(s) older than 7d" in output
    assert services.storage.exists(fresh.sha256)


def test_blobs_back_in_use_since_the_listing_are_kept(services: Services) -> None:
    storage = services.storage
    renewed, adopted, gone = (storage.put(f"orphan {n}".encode()) for n in range(3))
    newest = max(blob.last_modified for blob in storage.list_blobs())
    time.sleep(1.1)  # S3 keeps LastModified to the second
    now, grace = newest + timedelta(seconds=1), timedelta(seconds=0.5)
    with services.db.session() as session:
        garbage = find_garbage(session, storage, grace, now=now)
        assert {b.sha256 for b in garbage} == {renewed.sha256, adopted.sha256, gone.sha256}

        # Meanwhile a render stored the same bytes again, and another committed a document.
        storage.put(b"orphan 0")
        letter_id = session.query(Document).first().letter_id
        session.add(Document(letter_id=letter_id, version=99, kind="letter_pdf", page=0,
                             sha256=adopted.sha256, size=adopted.size,
                             content_type="application/pdf"))
        session.commit()

        deleted = delete_garbage(session, storage, garbage, grace, now=now)
    assert [blob.sha256 for blob in deleted] == [gone.sha256]
    assert storage.exists(renewed.sha256) and storage.exists(adopted.sha256)
    assert not storage.exists(gone.sha256)


def test_a_bad_grace_period_is_one_clear_error(env: dict[str, str]) -> None:
    result = CliRunner().invoke(main, ["storage", "gc", "--older-than", "a week"], env=env)
    assert result.exit_code == 2
    assert "'a week' is not a duration; write it like 7d" in result.output


def test_a_customers_own_hand_is_not_garbage(services: Services, env: dict[str, str]) -> None:
    """Uploads, fonts and centre lines of own hands are referenced by their rows, not by
    documents: the collector keeps them."""
    from letters_app.domain.models import HandState, OwnHand, User

    storage = services.storage
    upload, font, lines = (storage.put(f"own hand part {n}".encode()) for n in range(3))
    with services.db.session() as session:
        customer = session.query(User).filter(User.role == "customer").first()
        session.add(OwnHand(customer_id=customer.id, state=HandState.ACCEPTED.value,
                            upload_sha256=upload.sha256, upload_type="image/png",
                            font_sha256=font.sha256, strokes_sha256=lines.sha256,
                            characters="abc"))

    gc(env, "--older-than", "0s", "--delete")

    assert all(storage.exists(blob.sha256) for blob in (upload, font, lines))
