"""Backups: the database (Django's serialiser, natural keys) and every uploaded file, in one
archive with a manifest of row counts and checksums that a restore verifies."""

import hashlib
import io
import json
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections, transaction

FORMAT_VERSION = 1
# Rebuilt by `migrate`/`flush` from the code: dumping them would clash with what is there.
# Sessions are left out on purpose: a restored site logs everybody out.
EXCLUDED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session"}
# The storages holding uploads: public media and private files (credentials, photos).
FILE_STORAGES = ("default", "private")


class BackupError(Exception):
    """The archive is unreadable, or what was restored differs from what was backed up."""


def backed_up_models():
    for model in apps.get_models():
        if model._meta.label_lower in EXCLUDED_MODELS or not model._meta.managed:
            continue
        if model._meta.proxy:
            continue
        yield model


# Django's "json" cuts datetimes to the millisecond; this one keeps what the database holds.
EXACT_JSON = "exactjson"
serializers.register_serializer(EXACT_JSON, "assembly.exact_json")


def database_fingerprint(using: str = DEFAULT_DB_ALIAS) -> dict[str, dict]:
    """Row count and SHA-256 of every backed-up table, serialised in primary-key order with
    natural foreign keys (so that a content type's new id after a restore changes nothing)."""
    fingerprint = {}
    for model in backed_up_models():
        queryset = model._default_manager.using(using).order_by("pk")
        digest = hashlib.sha256()
        count = 0
        for start in range(0, 10**9, 2000):
            chunk = list(queryset[start : start + 2000])
            if not chunk:
                break
            count += len(chunk)
            digest.update(
                serializers.serialize(
                    EXACT_JSON, chunk, use_natural_foreign_keys=True, sort_keys=True
                ).encode()
            )
        fingerprint[model._meta.label_lower] = {"rows": count, "sha256": digest.hexdigest()}
    return fingerprint


def _walk(storage, directory: str = ""):
    try:
        folders, files = storage.listdir(directory)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{directory}/{name}" if directory else name
    for folder in sorted(folders):
        yield from _walk(storage, f"{directory}/{folder}" if directory else folder)


def files_fingerprint() -> dict[str, dict[str, str]]:
    """SHA-256 of every file in the upload storages, by storage and name."""
    result = {}
    for alias in FILE_STORAGES:
        storage = storages[alias]
        entries = {}
        for name in _walk(storage):
            digest = hashlib.sha256()
            with storage.open(name, "rb") as handle:
                for block in iter(lambda handle=handle: handle.read(1 << 20), b""):
                    digest.update(block)
            entries[name] = digest.hexdigest()
        result[alias] = entries
    return result


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(datetime.now(tz=UTC).timestamp())
    archive.addfile(info, io.BytesIO(data))


def create_backup(destination: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Write the archive; returns its manifest. The dump and the fingerprint are read in one
    repeatable-read snapshot on PostgreSQL, so that they describe the same moment."""
    destination = Path(destination)
    labels = [model._meta.label for model in backed_up_models()]
    with transaction.atomic(using=using):
        if connections[using].vendor == "postgresql":
            with connections[using].cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        with tempfile.TemporaryFile("w+", encoding="utf-8") as dump:
            call_command(
                "dumpdata",
                *labels,
                database=using,
                natural_foreign=True,
                format=EXACT_JSON,
                stdout=dump,
                verbosity=0,
            )
            dump.seek(0)
            database_json = dump.read().encode()
        database = database_fingerprint(using)
    files = files_fingerprint()
    manifest = {
        "format": FORMAT_VERSION,
        "created_at": datetime.now(tz=UTC).isoformat(timespec="seconds"),
        "database_vendor": connections[using].vendor,
        "database": database,
        "database_sha256": hashlib.sha256(database_json).hexdigest(),
        "files": files,
    }
    partial = destination.with_name(destination.name + ".partial")
    with tarfile.open(partial, "w:gz") as archive:
        _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
        _add_bytes(archive, "database.json", database_json)
        for alias, entries in files.items():
            storage = storages[alias]
            for name in entries:
                with storage.open(name, "rb") as handle:
                    _add_bytes(archive, f"files/{alias}/{name}", handle.read())
    partial.replace(destination)  # never a half-written archive under the final name
    return manifest


def _safe_member_name(name: str) -> bool:
    parts = Path(name).parts
    return not Path(name).is_absolute() and ".." not in parts


def restore_backup(source: Path, *, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Replace the database and the uploaded files with the archive's, then verify both
    against its manifest. Raises BackupError (and rolls the database back) on any mismatch."""
    with tarfile.open(Path(source), "r:gz") as archive:
        try:
            manifest = json.loads(archive.extractfile("manifest.json").read())
            database_json = archive.extractfile("database.json").read()
        except KeyError as error:
            raise BackupError(f"not a backup archive: {error}") from error
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"unknown archive format {manifest.get('format')!r}")
        if hashlib.sha256(database_json).hexdigest() != manifest["database_sha256"]:
            raise BackupError("the database dump in the archive is corrupt (checksum differs)")
        file_data: dict[str, dict[str, bytes]] = {alias: {} for alias in manifest["files"]}
        for member in archive.getmembers():
            if not member.isfile() or not member.name.startswith("files/"):
                continue
            _files, alias, name = member.name.split("/", 2)
            if alias not in file_data or not _safe_member_name(name):
                raise BackupError(f"unexpected file in the archive: {member.name}")
            file_data[alias][name] = archive.extractfile(member).read()
    for alias, entries in manifest["files"].items():
        for name, checksum in entries.items():
            data = file_data[alias].get(name)
            if data is None or hashlib.sha256(data).hexdigest() != checksum:
                raise BackupError(f"file {alias}:{name} is missing or corrupt in the archive")

    with transaction.atomic(using=using):
        call_command("flush", database=using, interactive=False, verbosity=0)
        with tempfile.NamedTemporaryFile("wb", suffix=".json") as dump:
            dump.write(database_json)
            dump.flush()
            call_command("loaddata", dump.name, database=using, verbosity=0)
        restored = database_fingerprint(using)
        differences = sorted(
            label
            for label in set(restored) | set(manifest["database"])
            if restored.get(label) != manifest["database"].get(label)
            # A model added since the backup is fine when it is empty.
            and not (label not in manifest["database"] and restored[label]["rows"] == 0)
        )
        if differences:
            raise BackupError(f"restored tables differ from the backup: {', '.join(differences)}")

    for alias, entries in file_data.items():
        storage = storages[alias]
        for name, data in entries.items():
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, ContentFile(data))
            if saved != name:
                raise BackupError(f"file {alias}:{name} was stored as {saved}")
    restored_files = files_fingerprint()
    for alias, entries in manifest["files"].items():
        for name, checksum in entries.items():
            if restored_files[alias].get(name) != checksum:
                raise BackupError(f"file {alias}:{name} differs after the restore")
    return manifest
