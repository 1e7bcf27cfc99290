"""Search index SQL version 3: a practice's Medicare columns do not refresh the
index (a monthly Doctors and Clinicians import updates them on every listed
practice; refreshing a million specialists' rows for columns the index does
not hold would cost the import minutes)."""

from django.db import migrations

from providers.migrations._frozen_sql import frozen_sql

V2 = frozen_sql("v2.sql", "d5eb8d24f14e4c424fc869825c14bf7bbe47e3765f0baf4e001bff403ac3429c")
V3 = frozen_sql("v3.sql", "00bf15f1de88b4c893eb26270862dad84989e0a52a1129b6f1e0877d6a778b87")
V3_DOWN = frozen_sql(
    "v3_down.sql", "e3d097b832cfa34da6b52203a77b91e4d6efb0dadc270cfabcfedb340442047b"
)


class Migration(migrations.Migration):
    dependencies = [("providers", "0014_not_known")]

    # What the index holds is unchanged: no refresh needed either way.
    operations = [migrations.RunSQL(V3_DOWN + V3, V3_DOWN + V2)]
