"""Imported listings said "accepting new patients" and "in-person only" because
the columns had defaults, not because anyone said so: make those "not known"."""

from django.db import migrations

# A value stays where a person set it: an approved new listing or edit whose
# proposed values carry the field. A listing with no source record was written
# by people in full, and keeps both.
FORGET = """
UPDATE providers_specialist s SET {field} = NULL
WHERE EXISTS (
    SELECT 1 FROM providers_sourcerecord sr WHERE sr.specialist_id = s.id
) AND NOT EXISTS (
    SELECT 1 FROM providers_changerequest cr
    WHERE cr.specialist_id = s.id AND cr.status = 'approved'
        AND cr.kind IN ('new', 'edit') AND cr.proposed ? '{field}'
)
"""


class Migration(migrations.Migration):
    dependencies = [("providers", "0013_clinicians")]

    operations = [
        migrations.RunSQL(FORGET.format(field=field), migrations.RunSQL.noop)
        for field in ("accepting_new_patients", "telehealth")
    ]
