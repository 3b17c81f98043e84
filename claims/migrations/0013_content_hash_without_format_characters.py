"""Stored articles get the content hash that ignores invisible format characters, as
claims.services.ingest.content_hash computes it now (a frozen copy below): the same text
with a zero-width space is then found as the same article. Two stored articles that differ
only by such characters keep the first's new hash and the other's old one."""

import hashlib
import re
import unicodedata

from django.db import migrations


def content_hash(body):
    folded = "".join(c for c in body if unicodedata.category(c) != "Cf")
    folded = unicodedata.normalize("NFC", folded).replace("\r\n", "\n")
    folded = re.sub(r"\s+", " ", folded).strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


def rehash(apps, schema_editor):
    Article = apps.get_model("claims", "Article")
    taken = set(Article.objects.values_list("content_hash", flat=True))
    for pk, body, old in (
        Article.objects.exclude(body="").values_list("pk", "body", "content_hash").iterator()
    ):
        if not any(unicodedata.category(c) == "Cf" for c in body):
            continue  # the hash is the same either way
        new = content_hash(body)
        if new != old and new not in taken:
            Article.objects.filter(pk=pk).update(content_hash=new)
            taken.add(new)


class Migration(migrations.Migration):
    dependencies = [("claims", "0012_pipeline_task_ids_and_fetching")]

    operations = [migrations.RunPython(rehash, migrations.RunPython.noop)]
