"""Step 3 of 3: every row has its own public UUID (0004); now it is required and unique, and
new rows get a fresh uuid4."""

import uuid

from django.db import migrations, models

MODELS = [
    "marketconsultationentry",
    "requirement",
    "selectioncriterion",
    "awardcriterion",
    "performancelevel",
    "purchaseitem",
]


class Migration(migrations.Migration):
    dependencies = [
        ("procedures", "0004_public_id_fill"),
    ]

    operations = [
        migrations.AlterField(
            model_name=name,
            name="public_id",
            field=models.UUIDField(default=uuid.uuid4, unique=True, editable=False),
        )
        for name in MODELS
    ]
