"""Data safety on real PostgreSQL: backup and restore with the scripts the README names, and
migrations that run forwards over a database that already holds work."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

from claims.models import Claim
from claims.services.review import claim_update
from tests.conftest import ROOT, run_manage, test_database_url
from tests.factories import ClaimFactory, SourceAliasFactory, UserFactory

pytestmark = [pytest.mark.subprocess, pytest.mark.django_db(transaction=True)]

TABLES = [
    "claims_article",
    "claims_claim",
    "claims_check",
    "claims_reviewevent",
    "claims_source",
    "claims_sourcealias",
    "auth_user",
]


def psql(url: str, sql: str) -> str:
    result = subprocess.run(
        ["psql", "-X", "-q", "-t", "-A", "-d", url, "-c", sql],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def counts(url: str) -> dict[str, int]:
    return {table: int(psql(url, f"SELECT count(*) FROM {table}")) for table in TABLES}


@pytest.fixture
def spare_database() -> Iterator[str]:
    """An empty database beside the test database, dropped afterwards."""
    url = test_database_url()
    name = f"{connection.settings_dict['NAME']}_spare"
    server = url.rsplit("/", 1)[0] + "/postgres"
    psql(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    psql(server, f"CREATE DATABASE {name}")
    yield url.rsplit("/", 1)[0] + f"/{name}"
    psql(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_backup_restores_into_an_empty_database_with_every_row(
    tmp_path: Path, spare_database: str
) -> None:
    reviewer = UserFactory(roles=["reviewer"])
    alias = SourceAliasFactory(name="Governor Marta Ilyenko")
    claims = [ClaimFactory(source=alias.source) for _ in range(3)]
    claim_update(
        claim_id=claims[0].pk, actor=reviewer, expected_version=1, status="false", rationale="9"
    )
    source_url = test_database_url()
    before = counts(source_url)

    archive = tmp_path / "factcheck.dump"
    backup = subprocess.run(
        ["scripts/backup.sh", source_url, str(archive)], cwd=ROOT, capture_output=True, text=True
    )
    assert backup.returncode == 0, backup.stderr
    restore = subprocess.run(
        ["scripts/restore.sh", str(archive), spare_database],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert restore.returncode == 0, restore.stderr

    assert counts(spare_database) == before
    restored = psql(
        spare_database, f"SELECT status, version FROM claims_claim WHERE id = {claims[0].pk}"
    )
    assert restored == "false|2"


def manage(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": "test-only-secret-key-not-for-any-server-use",
    }
    return run_manage(*args, env=env, timeout=300)


# Rows written with the models as they were at an earlier migration.
POPULATE = """
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
apps = MigrationExecutor(connection).loader.project_state(("claims", "{at}")).apps
Article = apps.get_model("claims", "Article")
Source = apps.get_model("claims", "Source")
SourceAlias = apps.get_model("claims", "SourceAlias")
Claim = apps.get_model("claims", "Claim")
source = Source.objects.create(name="Marta Ilyenko", kind="person", role="Governor")
SourceAlias.objects.create(source=source, name="Marta Ilyenko", normalized="marta ilyenko")
for n in range(20):
    body = f"Governor Marta Ilyenko said {{n}} drones were shot down over Dovresk."
    article = Article.objects.create(title=f"Report {{n}}", body=body, content_hash=f"{{n:064d}}")
    Claim.objects.create(
        article=article,
        text=body,
        start=0,
        end=len(body),
        sentence_start=0,
        sentence_end=len(body),
        source=source,
        status="accurate",
    )
# Hashed as before 0013: the zero-width space counted.
import hashlib
marked = "Officials said\u200b 3 drones hit the port."
Article.objects.create(body=marked, content_hash=hashlib.sha256(marked.encode()).hexdigest())
"""

SUMMARY = """
import json
from claims.models import Article, Claim, Source
from claims.services.ingest import content_hash
print(json.dumps({
    "articles": Article.objects.count(),
    "claims": Claim.objects.filter(source__name="Marta Ilyenko", status="accurate").count(),
    "sources": Source.objects.count(),
    "alias": Source.objects.get(aliases__normalized="marta ilyenko").name,
    "found without its zero-width space": Article.objects.filter(
        content_hash=content_hash("Officials said 3 drones hit the port.")
    ).count(),
}))
"""


def test_migrations_run_forwards_over_a_populated_database(spare_database: str) -> None:
    earlier = "0004_api_tokens_webhooks"
    migrated = manage(spare_database, "migrate", "claims", earlier, "--noinput")
    assert migrated.returncode == 0, migrated.stderr
    populated = manage(spare_database, "shell", "-c", POPULATE.format(at=earlier))
    assert populated.returncode == 0, populated.stderr

    forwards = manage(spare_database, "migrate", "--noinput")
    assert forwards.returncode == 0, forwards.stderr
    summary = manage(spare_database, "shell", "-c", SUMMARY)
    assert summary.returncode == 0, summary.stderr
    assert json.loads(summary.stdout.strip().splitlines()[-1]) == {
        "articles": 21,
        "claims": 20,
        "sources": 1,
        "alias": "Marta Ilyenko",
        "found without its zero-width space": 1,
    }
    assert Claim.objects.count() == 0  # the test database itself was not touched
