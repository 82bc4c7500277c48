"""Step 2 of 3: give every existing row its own public UUID. A callable default is evaluated
once by AddField, which would give all rows the same value; hence one uuid4 per row here.
Reversible: going back, 0003's reversal drops the column, so nothing needs undoing."""

import uuid

from django.db import migrations

MODELS = [
    "marketconsultationentry",
    "requirement",
    "selectioncriterion",
    "awardcriterion",
    "performancelevel",
    "purchaseitem",
]


def fill_public_ids(apps, schema_editor):
    for name in MODELS:
        model = apps.get_model("procedures", name)
        rows = model.objects.using(schema_editor.connection.alias).filter(public_id__isnull=True)
        for pk in rows.values_list("pk", flat=True):
            rows.filter(pk=pk).update(public_id=uuid.uuid4())


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0003_public_id_add"),
    ]

    operations = [
        migrations.RunPython(fill_public_ids, migrations.RunPython.noop, elidable=False),
    ]
