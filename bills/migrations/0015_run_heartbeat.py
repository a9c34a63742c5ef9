# Runs get a heartbeat and the process running them, and may end "interrupted".
# Existing rows get no host/pid (their process is unknown); new rows get the callables.

from django.db import migrations, models

import bills.models.run


class Migration(migrations.Migration):
    dependencies = [
        ("bills", "0013_legal_state"),
    ]

    operations = [
        migrations.AddField(
            model_name="scraperun",
            name="heartbeat_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="scraperun",
            name="host",
            field=models.CharField(blank=True, default="", max_length=100),
        ),
        migrations.AddField(
            model_name="scraperun",
            name="pid",
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="scraperun",
            name="host",
            field=models.CharField(blank=True, default=bills.models.run.this_host, max_length=100),
        ),
        migrations.AlterField(
            model_name="scraperun",
            name="pid",
            field=models.PositiveIntegerField(
                blank=True, default=bills.models.run.this_pid, null=True
            ),
        ),
        migrations.AlterField(
            model_name="scraperun",
            name="status",
            field=models.CharField(
                choices=[
                    ("running", "Running"),
                    ("succeeded", "Succeeded"),
                    ("partial", "Succeeded with failed records"),
                    ("failed", "Failed"),
                    ("interrupted", "Interrupted (its process stopped)"),
                ],
                default="running",
                max_length=12,
            ),
        ),
    ]
