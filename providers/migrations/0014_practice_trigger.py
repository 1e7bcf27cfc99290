"""The search index ignores a practice's Medicare columns: a monthly Doctors
and Clinicians import updates them for every listed practice, and refreshing
a million specialists' index rows for columns the index does not hold would
cost the import minutes. Only a practice moved to another specialist or
location refreshes the index (inserts and deletes still do, as before)."""

from django.db import migrations

# Frozen here: a later change to these triggers is a new migration.
FORWARD = """
CREATE OR REPLACE FUNCTION providers_search_practice_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM providers_search_refresh(ARRAY(
        SELECT n.specialist_id FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.specialist_id, n.location_id)
            IS DISTINCT FROM (o.specialist_id, o.location_id)
        UNION
        SELECT o.specialist_id FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.specialist_id, n.location_id)
            IS DISTINCT FROM (o.specialist_id, o.location_id)));
    RETURN NULL;
END $$;

DROP TRIGGER IF EXISTS search_practice_updated ON providers_practice;
CREATE TRIGGER search_practice_updated AFTER UPDATE ON providers_practice
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_practice_updated();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS search_practice_updated ON providers_practice;
CREATE TRIGGER search_practice_updated AFTER UPDATE ON providers_practice
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_links_written();
DROP FUNCTION IF EXISTS providers_search_practice_updated();
"""


class Migration(migrations.Migration):
    dependencies = [("providers", "0013_not_known")]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
