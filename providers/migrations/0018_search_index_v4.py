"""Search index SQL version 4: the update triggers find changed rows with
EXCEPT, linear in the statement's rows, instead of a join of its old and new
rows that the planner ran as a nested loop (minutes for a month's practices)."""

from django.db import migrations

from providers.migrations._frozen_sql import frozen_sql

V3 = frozen_sql("v3.sql", "00bf15f1de88b4c893eb26270862dad84989e0a52a1129b6f1e0877d6a778b87")
V4 = frozen_sql("v4.sql", "c15f2c0f019188154fedb80913f5ffe99926a183d06674bcbc855a76f4a3568c")
V4_DOWN = frozen_sql(
    "v4_down.sql", "1558e151c06778f247e154f811ff95cd1d810102f3f119955e33935b4ff1e5ff"
)


class Migration(migrations.Migration):
    dependencies = [("providers", "0017_clinician_updated")]

    # What the index holds is unchanged: no refresh needed either way.
    operations = [migrations.RunSQL(V4_DOWN + V4, V4_DOWN + V3)]
