"""SQL functions the bulk importers use to check rows set-based, in the database.

Both are one-expression SQL functions, so PostgreSQL inlines them into the
importer's queries: no function call per row.
"""

from django.db import migrations

# The NPI check digit is the Luhn digit of "80840" followed by the first nine
# digits; the prefix adds 24 to the Luhn sum. Positions 1, 3, 5, 7 and 9 are
# doubled (a doubled digit over 9 loses 9: d*2 - 9*(d/5)).
NPI_IS_VALID = """
CREATE OR REPLACE FUNCTION npi_is_valid(npi text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE WHEN npi ~ '^[0-9]{10}$' THEN (
    (10 - (24
      + (ascii(substr(npi, 1, 1)) - 48) * 2 - 9 * ((ascii(substr(npi, 1, 1)) - 48) / 5)
      + (ascii(substr(npi, 2, 1)) - 48)
      + (ascii(substr(npi, 3, 1)) - 48) * 2 - 9 * ((ascii(substr(npi, 3, 1)) - 48) / 5)
      + (ascii(substr(npi, 4, 1)) - 48)
      + (ascii(substr(npi, 5, 1)) - 48) * 2 - 9 * ((ascii(substr(npi, 5, 1)) - 48) / 5)
      + (ascii(substr(npi, 6, 1)) - 48)
      + (ascii(substr(npi, 7, 1)) - 48) * 2 - 9 * ((ascii(substr(npi, 7, 1)) - 48) / 5)
      + (ascii(substr(npi, 8, 1)) - 48)
      + (ascii(substr(npi, 9, 1)) - 48) * 2 - 9 * ((ascii(substr(npi, 9, 1)) - 48) / 5)
    ) % 10) % 10 = ascii(substr(npi, 10, 1)) - 48
) ELSE false END
$$;
"""

# MM/DD/YYYY to a date; NULL for an empty or malformed value (13/01/2020,
# 02/30/2020) instead of the error to_date would raise.
NPPES_DATE = """
CREATE OR REPLACE FUNCTION nppes_date(value text) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
SELECT CASE
    WHEN value ~ '^(0[1-9]|1[0-2])/(0[1-9]|[12][0-9]|3[01])/(1[89]|2[0-9])[0-9]{2}$'
    THEN CASE
        WHEN substr(value, 4, 2)::int <= extract(day FROM
            make_date(substr(value, 7, 4)::int, substr(value, 1, 2)::int, 1)
            + interval '1 month' - interval '1 day')
        THEN make_date(substr(value, 7, 4)::int, substr(value, 1, 2)::int,
                       substr(value, 4, 2)::int)
    END
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("providers", "0008_sources_volumes")]

    operations = [
        migrations.RunSQL(NPI_IS_VALID, "DROP FUNCTION IF EXISTS npi_is_valid(text)"),
        migrations.RunSQL(NPPES_DATE, "DROP FUNCTION IF EXISTS nppes_date(text)"),
    ]
