"""Back up, wipe, restore, compare: on PostgreSQL (the suite's database) and on the
default SQLite (a fresh project in a subprocess)."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from asn_portal import backups
from people.models import Employee

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_gives_back_every_row_and_file(
    org, other_org, media, tmp_path
):
    default_storage.save(
        "pengaduan/2026/12/foto-a1b2c3d4e5f6.png", ContentFile(b"\x89PNG x")
    )
    default_storage.save(
        "elearning/materi/modul-0123456789ab.pdf", ContentFile(b"%PDF-1")
    )
    rows_before = backups.row_counts()
    files_before = backups.media_files()
    assert rows_before["people_employee"] == Employee.objects.count() > 0

    out = io.StringIO()
    call_command("backup", to=str(tmp_path / "backups"), stdout=out)
    folder = next((tmp_path / "backups").glob("backup-*"))
    assert "2 media files" in out.getvalue()

    call_command("flush", interactive=False, verbosity=0)
    for name in files_before:
        default_storage.delete(name)
    assert Employee.objects.count() == 0
    assert backups.media_files() == {}

    call_command("restore", str(folder), yes=True, stdout=io.StringIO())
    assert backups.row_counts() == rows_before
    assert backups.media_files() == files_before
    assert Employee.objects.filter(pk=org["hr"].pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_is_replaced(org, media, tmp_path):
    folder = backups.create_backup(tmp_path / "backups")
    with (folder / backups.MEDIA_FILE).open("ab") as archive:
        archive.write(b"tampered")
    with pytest.raises(backups.BackupError, match="checksum"):
        backups.restore_backup(folder)
    assert Employee.objects.filter(pk=org["hr"].pk).exists()


def test_old_backups_are_pruned_keeping_recent_days_and_month_starts(tmp_path):
    days = [
        "20260901-0200",
        "20260915-0200",
        "20261001-0200",
        "20261020-0200",
        "20261201-0200",
        "20261202-0200",
        "20261203-0200",
    ]
    for day in days:
        (tmp_path / f"backup-{day}").mkdir()
    removed = backups.prune_backups(tmp_path, keep_daily=2, keep_monthly=2)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == [
        "backup-20261001-0200",
        "backup-20261201-0200",
        "backup-20261202-0200",
        "backup-20261203-0200",
    ]
    assert len(removed) == 3


def _manage(env, *args) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_backup_and_restore_on_the_default_sqlite(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env |= {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'portal.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_SETTINGS_MODULE": "asn_portal.test_settings",
    }
    _manage(env, "migrate", "--noinput", "-v", "0")
    count = (
        "from people.models import Agency;"
        "from django.core.files.storage import default_storage as s;"
        "print(Agency.objects.count(), sorted(s.listdir('')[1]))"
    )
    _manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from people.models import Agency;"
        "from django.core.files.base import ContentFile;"
        "from django.core.files.storage import default_storage as s;"
        "[Agency.objects.create(name=f'Instansi {n}', short_name=f'I{n}', code=f'i{n}')"
        " for n in range(3)];"
        "s.save('surat.pdf', ContentFile(b'%PDF-1'))",
    )
    before = _manage(env, "shell", "--no-imports", "-c", count)
    assert before.strip() == "3 ['surat.pdf']"
    _manage(env, "backup", "--to", str(tmp_path / "backups"))
    folder = next((tmp_path / "backups").glob("backup-*"))

    _manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from people.models import Agency;"
        "from django.core.files.storage import default_storage as s;"
        "Agency.objects.all().delete(); s.delete('surat.pdf')",
    )
    assert _manage(env, "shell", "--no-imports", "-c", count).strip() == "0 []"
    _manage(env, "restore", str(folder), "--yes")
    assert _manage(env, "shell", "--no-imports", "-c", count) == before


def test_restore_refuses_another_engines_backup(tmp_path, db):
    folder = tmp_path / "backup-x"
    folder.mkdir()
    (folder / backups.MANIFEST).write_text(
        '{"engine": "not-' + connection.vendor + '", "files": {}, "row_counts": {}}'
    )
    with pytest.raises(backups.BackupError, match="this database is"):
        backups.restore_backup(folder)
