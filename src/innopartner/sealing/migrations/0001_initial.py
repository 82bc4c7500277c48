import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('procedures', '0001_initial'),
    ]

    operations = [
        migrations.CreateModel(
            name='ProcedureKey',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('wrapped_key', models.BinaryField()),
                ('master_key_id', models.CharField(max_length=16)),
                ('created_at', models.DateTimeField()),
                ('rewrapped_at', models.DateTimeField(blank=True, null=True)),
                ('procedure', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='sealing_key', to='procedures.procedure')),
            ],
            options={
                'verbose_name': 'gegevenssleutel van een procedure',
                'verbose_name_plural': 'gegevenssleutels van procedures',
            },
        ),
    ]
