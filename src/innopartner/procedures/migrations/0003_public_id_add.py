"""A public UUID for the records of the documents (requirements, criteria, performance levels,
purchase items, market consultations), so that no URL or API body names them by their
sequential integer key. Step 1 of 3 (Django's recipe for a unique field on a table with rows):
the column, nullable and not yet unique; 0004 fills it per row, 0005 makes it unique and
required. Three migrations, not one, so that PostgreSQL never alters a table in the
transaction that updated its rows."""

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
        ("procedures", "0002_procedure_scoring_declaration"),
    ]

    operations = [
        migrations.AddField(
            model_name=name,
            name="public_id",
            field=models.UUIDField(null=True, editable=False),
        )
        for name in MODELS
    ]
