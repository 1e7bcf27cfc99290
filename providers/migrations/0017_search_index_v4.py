"""Search index SQL version 4: the update triggers find changed rows with
EXCEPT, linear in the statement's rows, instead of a join of its old and new
rows that the planner ran as a nested loop (minutes for a month's practices)."""

from django.db import migrations

from providers.migrations._frozen_sql import frozen_sql

V3 = frozen_sql("v3.sql", "00bf15f1de88b4c893eb26270862dad84989e0a52a1129b6f1e0877d6a778b87")
V4 = frozen_sql("v4.sql", "d7657cfe49d301ea8bd32d078ef9c5e151645593043c42b08f8e08c337925e14")
V4_DOWN = frozen_sql(
    "v4_down.sql", "688b074ced57c6b0c0250c35fe67399011932d4d43969395822b54cee64e20df"
)


class Migration(migrations.Migration):
    dependencies = [("providers", "0016_beneficiaries_at_least")]

    # What the index holds is unchanged: no refresh needed either way.
    operations = [migrations.RunSQL(V4_DOWN + V4, V4_DOWN + V3)]
