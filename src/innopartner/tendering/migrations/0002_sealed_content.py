"""Tender content leaves the database: each existing tender is sealed into the file store
(AES-256-GCM under its procedure's data key), then the plain column is dropped."""

from django.db import migrations, models


def seal_existing(apps, schema_editor):
    from innopartner.sealing.migration_helpers import seal_in_migration

    Tender = apps.get_model("tendering", "Tender")
    for tender in Tender.objects.select_related("round").iterator():
        sealed = seal_in_migration(
            apps,
            purpose="tender",
            procedure_id=tender.round.procedure_id,
            record_id=tender.pk,
            plaintext=bytes(tender.content),
        )
        tender.blob = sealed.name
        tender.sealed_sha256 = sealed.sealed_sha256
        tender.save(update_fields=["blob", "sealed_sha256"])


class Migration(migrations.Migration):

    dependencies = [
        ('tendering', '0001_initial'),
        ('sealing', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='tender',
            name='blob',
            field=models.CharField(default='', max_length=200),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='tender',
            name='sealed_sha256',
            field=models.CharField(default='', max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(seal_existing, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='tender',
            name='content',
        ),
    ]
