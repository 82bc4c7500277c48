"""The statement of a request to participate leaves the database: each existing one is sealed
into the file store, then the plain column is dropped."""

import hashlib

from django.db import migrations, models


def seal_existing(apps, schema_editor):
    from innopartner.sealing.migration_helpers import seal_in_migration

    RequestToParticipate = apps.get_model("participation", "RequestToParticipate")
    for request in RequestToParticipate.objects.exclude(statement="").iterator():
        plaintext = request.statement.encode("utf-8")
        sealed = seal_in_migration(
            apps,
            purpose="request",
            procedure_id=request.procedure_id,
            record_id=request.pk,
            plaintext=plaintext,
        )
        request.statement_blob = sealed.name
        request.statement_sealed_sha256 = sealed.sealed_sha256
        request.statement_sha256 = hashlib.sha256(plaintext).hexdigest()
        request.save(
            update_fields=["statement_blob", "statement_sealed_sha256", "statement_sha256"]
        )


class Migration(migrations.Migration):

    dependencies = [
        ('participation', '0001_initial'),
        ('sealing', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='requesttoparticipate',
            name='statement_blob',
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name='requesttoparticipate',
            name='statement_sealed_sha256',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.AddField(
            model_name='requesttoparticipate',
            name='statement_sha256',
            field=models.CharField(blank=True, max_length=64),
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='requesttoparticipate',
            name='statement',
        ),
    ]
