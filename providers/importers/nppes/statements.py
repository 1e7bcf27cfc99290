"""The set-based SQL of the NPPES import, one statement a step.

`raw` is the staging table of one file (text columns c1..cN, see copying.py);
`rows` holds every row checked and typed; `plan` the newest row of each NPI
in scope with what to do with it. Column names come from the file's header.
"""

from providers.importers import tables
from providers.importers.layouts import TAXONOMY_SLOTS
from providers.listing_values import LOCATION_FIELDS

RAW, ROWS, PLAN = "import_nppes_raw", "import_nppes_rows", "import_nppes_plan"
# Rows held back as unchanged whose NPI has other rows in the file (prefilter.py).
WITHHELD = "import_nppes_withheld"

PRACTICE = "Provider Business Practice Location Address"
FIELDS = {
    "npi": "NPI",
    "entity": "Entity Type Code",
    "last_name": "Provider Last Name (Legal Name)",
    "first_name": "Provider First Name",
    "middle_name": "Provider Middle Name",
    "prefix": "Provider Name Prefix Text",
    "suffix": "Provider Name Suffix Text",
    "credentials": "Provider Credential Text",
    "line1": "Provider First Line Business Practice Location Address",
    "line2": "Provider Second Line Business Practice Location Address",
    "city": f"{PRACTICE} City Name",
    "state": f"{PRACTICE} State Name",
    "zip": f"{PRACTICE} Postal Code",
    "country": f"{PRACTICE} Country Code (If outside U.S.)",
    "phone": f"{PRACTICE} Telephone Number",
    "enumerated": "Provider Enumeration Date",
    "last_update": "Last Update Date",
    "deactivation_reason": "NPI Deactivation Reason Code",
    "deactivated_on": "NPI Deactivation Date",
    "reactivated_on": "NPI Reactivation Date",
    "sex": "Provider Sex Code",
}
DATES = ["enumerated", "last_update", "deactivated_on", "reactivated_on"]


def required_columns() -> list[str]:
    return list(FIELDS.values()) + [
        name.format(k)
        for k in TAXONOMY_SLOTS
        for name in (
            "Healthcare Provider Taxonomy Code_{}",
            "Provider License Number_{}",
            "Provider License Number State Code_{}",
            "Healthcare Provider Primary Taxonomy Switch_{}",
        )
    ]


def licenses(columns: dict[str, str]) -> str:
    """The state licenses of a raw row, as the registry gives them: a JSON
    array of {taxonomy, number, state, primary}, one per slot k (1..15) with a
    `Provider License Number_k`, in slot order; [] when there is none."""

    def raw(name: str, k: int) -> str:
        return f"coalesce(trim(r.{columns[name.format(k)]}), '')"

    slots = ",\n".join(
        f"""CASE WHEN {raw("Provider License Number_{}", k)} <> ''
            THEN jsonb_build_object(
                'taxonomy', {raw("Healthcare Provider Taxonomy Code_{}", k)},
                'number', {raw("Provider License Number_{}", k)},
                'state', {raw("Provider License Number State Code_{}", k)},
                'primary',
                {raw("Healthcare Provider Primary Taxonomy Switch_{}", k)} = 'Y')
            END"""
        for k in TAXONOMY_SLOTS
    )
    return f"to_jsonb(array_remove(ARRAY[{slots}]::jsonb[], NULL))"


def check_rows(columns: dict[str, str], *, everyone: bool) -> str:
    """CREATE `rows`: every row that may matter (deactivations, individuals in
    scope) typed, with its kind (row, deactivate, reject) and, for a reject,
    the reason. Parameter: %(scope)s, the taxonomy codes the directory lists."""

    def col(field: str) -> str:
        return f"coalesce(trim(r.{columns[FIELDS[field]]}), '')"

    codes = [columns[f"Healthcare Provider Taxonomy Code_{k}"] for k in TAXONOMY_SLOTS]
    switches = [
        columns[f"Healthcare Provider Primary Taxonomy Switch_{k}"]
        for k in TAXONOMY_SLOTS
    ]
    primary = " ".join(
        f"WHEN r.{switch} = 'Y' THEN r.{code}"
        for code, switch in zip(codes, switches, strict=True)
    )
    texts = ",\n".join(f"{col(field)} AS {field}" for field in FIELDS)
    dates = ",\n".join(f"nppes_date({col(field)}) AS {field}_date" for field in DATES)
    scope = "true" if everyone else "taxonomies && %(scope)s::text[]"
    # Most rows are other professions: the cheap test below, on the raw
    # columns, keeps them from the costly typing and checking.
    entity, deactivated = columns[FIELDS["entity"]], columns[FIELDS["deactivated_on"]]
    raw_codes = f"ARRAY[{', '.join(f'r.{c}' for c in codes)}]"
    wanted = f"r.{entity} IS DISTINCT FROM '2'"
    if not everyone:
        wanted += f" AND {raw_codes} && %(scope)s::text[]"
    bad_date = " ".join(
        f"WHEN {field} <> '' AND {field}_date IS NULL "
        f"THEN 'malformed date in \"{FIELDS[field]}\": ' || {field}"
        for field in ("last_update", "enumerated", "reactivated_on")
    )
    return f"""
    CREATE UNLOGGED TABLE {ROWS} WITH (autovacuum_enabled = false) AS
    SELECT line, npi, left(reason, 1) = '~' AS ok,
           CASE WHEN left(reason, 1) = '~' THEN substr(reason, 2) ELSE 'reject' END
               AS kind,
           CASE WHEN left(reason, 1) = '~' THEN '' ELSE reason END AS reason,
           last_name, first_name, middle_name, prefix, suffix, credentials, sex,
           line1, line2, city, state, zip, left(zip, 5) AS zip5, phone,
           enumerated_date AS enumerated, last_update_date AS last_update,
           deactivated_on_date AS deactivated_on, deactivation_reason,
           reactivated_on_date AS reactivated_on, taxonomies, primary_taxonomy,
           licenses, raw_hash
    FROM (
        SELECT *, CASE
            WHEN npi !~ '^[0-9]{{10}}$' THEN 'NPI is not 10 digits: ' || npi
            WHEN NOT npi_is_valid(npi) THEN 'invalid NPI check digit: ' || npi
            WHEN deactivated_on <> '' AND (
                reactivated_on_date IS NULL
                OR reactivated_on_date < deactivated_on_date
            ) THEN CASE WHEN deactivated_on_date IS NULL
                THEN 'malformed date in "NPI Deactivation Date": ' || deactivated_on
                ELSE '~deactivate' END
            WHEN entity = '2' THEN '~organization'
            WHEN entity <> '1' THEN 'Entity Type Code is not 1 or 2: ' || entity
            WHEN NOT ({scope}) THEN '~out_of_scope'
            WHEN last_name = '' THEN 'no last name'
            {bad_date}
            WHEN country NOT IN ('', 'US')
                THEN 'practice address outside the U.S. (country ' || country || ')'
            WHEN zip !~ '^[0-9]{{5}}([0-9]{{4}})?$'
                THEN 'malformed practice ZIP code: ' || zip
            WHEN NOT known_zip THEN 'unknown practice ZIP code: ' || zip
            WHEN state !~ '^[A-Z]{{2}}$' THEN 'malformed practice state: ' || state
            ELSE '~row'
        END AS reason
        FROM (
            SELECT r.line, r.raw_hash, {texts}, {dates},
                array_remove({raw_codes}, NULL) AS taxonomies,
                CASE {primary} END AS primary_taxonomy,
                {licenses(columns)} AS licenses,
                z.zip_code IS NOT NULL AS known_zip
            FROM {RAW} r
            LEFT JOIN {tables.ZIP_CENTROID} z
                ON z.zip_code = left(r.{columns[FIELDS["zip"]]}, 5)
            WHERE r.{deactivated} IS NOT NULL OR ({wanted})
            OFFSET 0
        ) typed
        -- Kept whole (not flattened): `reason` is used four times above,
        -- and would be worked out again at each use.
        OFFSET 0
    ) checked
    """


ROW_HASH = """md5(concat_ws('|', r.last_name, r.first_name, r.middle_name, r.prefix,
    r.suffix, r.credentials, r.sex, r.line1, r.line2, r.city, r.state, r.zip,
    r.phone, r.enumerated, r.last_update, r.deactivated_on, r.deactivation_reason,
    r.reactivated_on, array_to_string(r.taxonomies, ','), r.primary_taxonomy,
    r.licenses::text))"""
ADDRESS_HASH = """md5(concat_ws('|', line1, line2, city, state, zip, phone))"""


def next_id(table: str) -> str:
    """The sequence of `table`'s ids, looked up once a statement (a subquery):
    written in the row's expression, each lookup took about 10 microseconds
    a row."""
    return f"(SELECT pg_get_serial_sequence('{table}', 'id')::regclass)"


# The newest row of each NPI the file gives more than once (the newest by Last
# Update Date, then the last in the file). Sorted by NPI, only these few:
# a DISTINCT ON over every row sorted the whole wide table on disk (1.1 GB a
# million rows), to keep one row an NPI that nearly every NPI has anyway.
NEWEST_OF_REPEATS = f"""(
    SELECT DISTINCT ON (npi) npi, line FROM {ROWS}
    WHERE kind IN ('row', 'deactivate') AND npi IN (
        SELECT npi FROM {ROWS} WHERE kind IN ('row', 'deactivate')
        GROUP BY npi HAVING count(*) > 1
    )
    ORDER BY npi, coalesce(last_update, deactivated_on) DESC NULLS LAST,
        line DESC
)"""

# The ids of created listings and their locations are drawn here, as the
# plan is written: set afterwards, they cost an UPDATE that rewrote every row
# of a first load's plan.
PLAN_SQL = f"""
CREATE UNLOGGED TABLE {PLAN} WITH (autovacuum_enabled = false) AS
SELECT planned.*,
    CASE WHEN action = 'create'
        THEN nextval({next_id(tables.SPECIALIST)})
        ELSE known_id END AS specialist_id,
    CASE WHEN action = 'create'
        THEN nextval({next_id(tables.LOCATION)})
        END AS location_id,
    '{{}}'::text[] AS corrected,
    '{{}}'::text[] AS conflicts
FROM (
SELECT newest.*,
    CASE
        -- The file is older (by the date its name gives) than a monthly file
        -- already imported, or than the file that last changed this NPI:
        -- every row of it is older news, whatever its Last Update Date says.
        WHEN %(file_date)s::date < %(newest_full)s::date THEN 'older'
        WHEN %(file_date)s::date < old_file_date THEN 'older'
        WHEN kind = 'deactivate' THEN CASE
            WHEN known_id IS NULL THEN 'deactivated_unknown'
            WHEN old_deactivated_on IS NOT DISTINCT FROM deactivated_on
                THEN 'unchanged'
            -- Kept: a reactivation (or a deactivation) after this one. This
            -- row is from an older file.
            WHEN old_reactivated_on >= deactivated_on
                OR old_deactivated_on > deactivated_on THEN 'older'
            ELSE 'suspend' END
        WHEN known_id IS NULL THEN 'create'
        -- The hash of the row as the file gives it (prefilter.py), or, kept
        -- by imports before it, of its values as typed here.
        WHEN old_hash IN (row_hash, typed_hash) THEN 'unchanged'
        WHEN old_last_update > last_update THEN 'older'
        WHEN old_deactivated_on IS NOT NULL AND (
            old_reactivated_on IS NULL OR old_reactivated_on < old_deactivated_on
        ) THEN CASE
            -- Only a row that says it was reactivated after the deactivation
            -- kept reactivates; a row without (an older file's) is older.
            WHEN reactivated_on >= old_deactivated_on THEN 'reactivate'
            ELSE 'older' END
        ELSE 'update'
    END AS action
FROM (
    SELECT r.*, coalesce(r.raw_hash, {ROW_HASH}) AS row_hash,
        -- Only compared with a kept hash: not worked out without one.
        CASE WHEN sr.row_hash IS NOT NULL THEN {ROW_HASH} END AS typed_hash,
        md5(concat_ws('|', r.line1, r.line2, r.city, r.state, r.zip, r.phone))
            AS address_hash,
        s.id AS known_id, s.status AS old_status,
        sr.specialist_id IS NOT NULL AS has_record, sr.row_hash AS old_hash,
        sr.last_update AS old_last_update, sr.file_date AS old_file_date,
        sr.values AS old_values,
        sr.deactivated_on AS old_deactivated_on,
        sr.reactivated_on AS old_reactivated_on,
        sl.location_id AS old_location_id, sl.address_hash AS old_address_hash
    FROM {ROWS} r
    LEFT JOIN {NEWEST_OF_REPEATS} w ON w.npi = r.npi
    LEFT JOIN {tables.SPECIALIST} s ON s.npi = r.npi
    LEFT JOIN {tables.SOURCE_RECORD} sr ON sr.specialist_id = s.id
    LEFT JOIN {tables.SOURCE_LOCATION} sl
        ON sl.specialist_id = s.id AND sl.kind = {tables.PRIMARY}
    WHERE r.kind IN ('row', 'deactivate') AND (w.npi IS NULL OR w.line = r.line)
) newest
) planned
"""
# What the planner is told of the plan (ANALYZE of these columns alone: all
# of them took a second a 200,000 rows), and likewise of `rows`.
PLAN_STATS = f"{PLAN} (npi, specialist_id, action, location_id)"
ROWS_STATS = f"{ROWS} (npi, kind)"

# An NPI's row held back as unchanged (the values kept) may be newer than the
# rows of it that were sent: then it wins, as it would have in PLAN_SQL's order,
# and the sent rows are repeats.
BEATEN = f"""
DELETE FROM {PLAN} p USING (
    SELECT npi, max(line) AS line FROM {WITHHELD} GROUP BY npi
) w
WHERE p.npi = w.npi AND p.has_record AND (
    (p.old_last_update IS NOT NULL AND (
        coalesce(p.last_update, p.deactivated_on) IS NULL
        OR p.old_last_update > coalesce(p.last_update, p.deactivated_on)))
    OR (p.old_last_update IS NOT DISTINCT FROM coalesce(p.last_update, p.deactivated_on)
        AND w.line > p.line)
)
"""

# The NPIs of rows held back that no row sent outweighs (beaten, or rejected):
# each is unchanged.
HELD_UNCHANGED = f"""
SELECT count(DISTINCT w.npi) FROM {WITHHELD} w
WHERE NOT EXISTS (SELECT 1 FROM {PLAN} p WHERE p.npi = w.npi)
"""

# A record kept by an import before the file's hash was: given it, unchanged.
REFRESH_HASHES = f"""
UPDATE {tables.SOURCE_RECORD} sr SET row_hash = p.row_hash
FROM {PLAN} p
WHERE p.action = 'unchanged' AND sr.specialist_id = p.specialist_id
    AND sr.row_hash <> p.row_hash
"""

# The fields of a listing NPPES gives and a person may correct.
NAMES = ["first_name", "middle_name", "last_name"]
CORRECTABLE = ", ".join(
    f"'{field}'" for field in [*NAMES, "credentials", "specialties", "locations"]
)

# Fields a person corrected: an approved new listing or edit that set them.
# A listing made before any import (no source record) counts as corrected in
# full: people wrote it, the registry did not.
CORRECTED = [
    f"""
    UPDATE {PLAN} SET corrected = ARRAY[{CORRECTABLE}]
    WHERE NOT has_record AND action IN ('update', 'reactivate')
    """,
    f"""
    UPDATE {PLAN} p SET corrected = c.fields FROM (
        SELECT cr.specialist_id, array_agg(DISTINCT f) AS fields
        FROM {tables.CHANGE_REQUEST} cr
        CROSS JOIN unnest(ARRAY[{CORRECTABLE}]) f
        WHERE cr.status = {tables.APPROVED}
            AND cr.kind IN ({tables.NEW_LISTING}, {tables.EDIT})
            AND cr.proposed ? f
            AND (cr.proposed -> f) IS DISTINCT FROM (cr.base -> f)
            AND cr.specialist_id IN (
                SELECT specialist_id FROM {PLAN}
                WHERE has_record AND action IN ('update', 'reactivate')
            )
        GROUP BY cr.specialist_id
    ) c
    WHERE p.specialist_id = c.specialist_id AND p.has_record
        AND p.action IN ('update', 'reactivate')
    """,
]

# Where the registry changed a field that a correction overrides.
NAME_CONFLICTS = "".join(
    f"""CASE WHEN '{field}' = ANY(corrected)
        AND old_values ->> '{field}' IS DISTINCT FROM {field}
        THEN '{field.replace("_", " ")}' END,
    """
    for field in NAMES
)
CONFLICTS = f"""
UPDATE {PLAN} SET conflicts = array_remove(ARRAY[
    {NAME_CONFLICTS}
    CASE WHEN 'credentials' = ANY(corrected)
        AND old_values ->> 'credentials' IS DISTINCT FROM credentials
        THEN 'credentials' END,
    CASE WHEN 'specialties' = ANY(corrected)
        AND old_values -> 'taxonomies' IS DISTINCT FROM to_jsonb(taxonomies)
        THEN 'specialties' END,
    CASE WHEN 'locations' = ANY(corrected)
        AND old_values ->> 'address_hash' IS DISTINCT FROM address_hash
        THEN 'locations' END
], NULL)
WHERE has_record AND action IN ('update', 'reactivate') AND corrected <> '{{}}'
"""

# A listing updated that has no location from NPPES gets one (unless someone
# corrected its locations); created listings got theirs in PLAN_SQL.
ALLOCATE_IDS = f"""
UPDATE {PLAN} SET
    location_id = nextval({next_id(tables.LOCATION)})
WHERE action IN ('update', 'reactivate') AND old_location_id IS NULL
    AND NOT 'locations' = ANY(corrected)
"""

SLUG = """lower(trim(both '-' FROM regexp_replace(
    unaccent(first_name || ' ' || last_name),
    '[^A-Za-z0-9]+', '-', 'g'))) || '-' || npi"""

# NPPES says nothing of new patients or telehealth: both start "not known".
CREATE_SPECIALISTS = f"""
INSERT INTO {tables.SPECIALIST} (id, npi, slug, first_name, middle_name,
    last_name, credentials, bio, languages, accepting_new_patients, telehealth,
    status, created, updated)
SELECT specialist_id, npi, {SLUG}, left(initcap(first_name), 100),
    left(initcap(middle_name), 100), left(initcap(last_name), 100),
    left(credentials, 100), '', '{{}}', NULL, NULL, %(status)s, now(), now()
FROM {PLAN} WHERE action = 'create'
"""

KEEP_CORRECTED_NAMES = (
    ",\n    ".join(
        f"""{field} = CASE WHEN '{field}' = ANY(p.corrected) THEN s.{field}
        ELSE left(initcap(p.{field}), 100) END"""
        for field in NAMES
    )
    + ","
)
UPDATE_SPECIALISTS = f"""
UPDATE {tables.SPECIALIST} s SET
    {KEEP_CORRECTED_NAMES}
    credentials = CASE WHEN 'credentials' = ANY(p.corrected) THEN s.credentials
        ELSE left(p.credentials, 100) END,
    status = CASE WHEN p.action = 'reactivate' AND s.status = {tables.SUSPENDED}
        THEN %(status)s ELSE s.status END,
    updated = now()
FROM {PLAN} p
WHERE p.specialist_id = s.id AND p.action IN ('update', 'reactivate')
"""

SUSPEND = f"""
UPDATE {tables.SPECIALIST} s SET status = {tables.SUSPENDED}, updated = now()
FROM {PLAN} p WHERE p.specialist_id = s.id AND p.action = 'suspend'
"""

VALUES = """jsonb_build_object(
    'last_name', last_name, 'first_name', first_name, 'middle_name', middle_name,
    'prefix', prefix, 'suffix', suffix, 'credentials', credentials, 'sex', sex,
    'address', jsonb_build_object('line1', line1, 'line2', line2, 'city', city,
        'state', state, 'zip', zip, 'phone', phone),
    'address_hash', address_hash, 'enumerated', enumerated,
    'taxonomies', to_jsonb(taxonomies), 'primary_taxonomy', primary_taxonomy,
    'licenses', licenses)"""

# Into an empty directory nothing can conflict: INSERT_RECORDS alone.
INSERT_RECORDS = f"""
INSERT INTO {tables.SOURCE_RECORD} AS sr (specialist_id, source, file_name,
    file_date, last_update, row_hash, values, deactivated_on,
    deactivation_reason, reactivated_on, imported_at)
SELECT specialist_id, {tables.NPPES}, %(file_name)s, %(file_date)s, last_update,
    row_hash, CASE WHEN action = 'suspend' THEN coalesce(old_values, '{{}}')
        ELSE {VALUES} END,
    coalesce(deactivated_on, old_deactivated_on),
    left(deactivation_reason, 2), reactivated_on, now()
FROM {PLAN}
WHERE action IN ('create', 'update', 'reactivate', 'suspend')
"""
UPSERT_RECORDS = (
    INSERT_RECORDS
    + """ON CONFLICT (specialist_id) DO UPDATE SET
    file_name = excluded.file_name, file_date = excluded.file_date,
    last_update = coalesce(excluded.last_update, sr.last_update),
    row_hash = excluded.row_hash, values = excluded.values,
    deactivated_on = excluded.deactivated_on,
    deactivation_reason = excluded.deactivation_reason,
    reactivated_on = excluded.reactivated_on, imported_at = excluded.imported_at
"""
)


def location_values(p: str) -> list[str]:
    """name, address_line1, address_line2, city, state, zip_code, phone."""
    return [
        f"""left(initcap({p}.first_name) || ' ' || initcap({p}.last_name)
        || CASE WHEN {p}.credentials <> '' THEN ', ' || {p}.credentials ELSE '' END,
        200)""",
        f"left(initcap({p}.line1), 200)",
        f"left(initcap({p}.line2), 200)",
        f"left(initcap({p}.city), 100)",
        f"{p}.state",
        f"""CASE WHEN length({p}.zip) = 9 THEN {p}.zip5 || '-' || right({p}.zip, 4)
        ELSE {p}.zip END""",
        f"left({p}.phone, 30)",
    ]


# The location columns NPPES gives, in `location_values`' order: a listing's
# location fields (listing_values.LOCATION_FIELDS) but the hours.
LOCATION_COLUMNS = [f for f in LOCATION_FIELDS if f != "hours"]
INSERT_LOCATION = f"""
INSERT INTO {tables.LOCATION} (id, {", ".join(LOCATION_COLUMNS)}, hours, point,
    precision, created, updated)"""

CREATE_LOCATIONS = f"""{INSERT_LOCATION}
SELECT p.location_id, {", ".join(location_values("p"))}, '', z.point,
        {tables.AT_ZIP_CENTROID},    now(), now()
FROM {PLAN} p JOIN {tables.ZIP_CENTROID} z ON z.zip_code = p.zip5
WHERE p.location_id IS NOT NULL
"""

CREATE_PRACTICES = f"""
INSERT INTO {tables.PRACTICE} (specialist_id, location_id)
SELECT specialist_id, location_id FROM {PLAN} WHERE location_id IS NOT NULL
"""

CREATE_SOURCE_LOCATIONS = f"""
INSERT INTO {tables.SOURCE_LOCATION} (specialist_id, location_id, kind,
    address_hash)
SELECT specialist_id, location_id, {tables.PRIMARY}, address_hash
FROM {PLAN} WHERE location_id IS NOT NULL
"""

MOVED = f"""
    SELECT p.*, z.point
    FROM {PLAN} p JOIN {tables.ZIP_CENTROID} z ON z.zip_code = p.zip5
    WHERE p.action IN ('update', 'reactivate') AND p.old_location_id IS NOT NULL
        AND p.old_address_hash <> p.address_hash
        AND NOT 'locations' = ANY(p.corrected)
"""
UPDATE_LOCATIONS = [
    f"""
    UPDATE {tables.LOCATION} l SET
        ({", ".join(LOCATION_COLUMNS)}) = ({", ".join(location_values("m"))}),
        point = m.point, precision = {tables.AT_ZIP_CENTROID}, updated = now()
    FROM ({MOVED}) m WHERE l.id = m.old_location_id
    """,
    f"""
    UPDATE {tables.SOURCE_LOCATION} sl SET address_hash = m.address_hash
    FROM ({MOVED}) m WHERE sl.location_id = m.old_location_id
    """,
]

# Specialty links follow the registry unless someone corrected them.
UNLINK_SPECIALTIES = f"""
DELETE FROM {tables.SPECIALIST_SPECIALTIES} ss USING {PLAN} p
WHERE ss.specialist_id = p.specialist_id AND p.action IN ('update', 'reactivate')
    AND NOT 'specialties' = ANY(p.corrected)
    AND p.old_values -> 'taxonomies' IS DISTINCT FROM to_jsonb(p.taxonomies)
"""

LINK_SPECIALTIES = f"""
INSERT INTO {tables.SPECIALIST_SPECIALTIES} (specialist_id, specialty_id)
SELECT DISTINCT p.specialist_id, sp.id
FROM {PLAN} p CROSS JOIN unnest(p.taxonomies) AS t(code)
JOIN {tables.SPECIALTY} sp ON sp.code = t.code
WHERE p.action = 'create' OR (
    p.action IN ('update', 'reactivate') AND NOT 'specialties' = ANY(p.corrected)
    AND p.old_values -> 'taxonomies' IS DISTINCT FROM to_jsonb(p.taxonomies)
)
ON CONFLICT DO NOTHING
"""

# django-simple-history records saves, not bulk SQL: its rows are written
# here, one per existing listing the import changed, naming the file. A created
# listing's origin is its source record (file, date, values) and import run:
# a history row each would double the cost of a first national load.
HISTORY = f"""
INSERT INTO {tables.SPECIALIST_HISTORY} (id, npi, slug, first_name,
    middle_name, last_name, credentials, bio, languages, accepting_new_patients,
    telehealth, status, last_verified, created, updated, owner_id, history_date,
    history_change_reason, history_type, history_user_id)
SELECT s.id, s.npi, s.slug, s.first_name, s.middle_name, s.last_name,
    s.credentials, s.bio, s.languages, s.accepting_new_patients, s.telehealth,
    s.status, s.last_verified, s.created, s.updated, s.owner_id, now(),
    left(CASE p.action
        WHEN 'suspend' THEN 'NPI deactivated in NPPES: '
        WHEN 'reactivate' THEN 'NPI reactivated in NPPES: '
        ELSE 'Imported from NPPES: ' END || %(file_name)s, 100),
    '~', NULL
FROM {tables.SPECIALIST} s JOIN {PLAN} p ON p.specialist_id = s.id
WHERE p.action IN ('update', 'reactivate', 'suspend')
"""

REPORT_CONFLICTS = f"""
INSERT INTO {tables.REPORT} (specialist_id, what_is_wrong, contact_name,
    contact_email, status, created, reason)
SELECT specialist_id,
    'The registry changed this: NPPES (' || %(file_name)s || ', last updated '
    || coalesce(to_char(last_update, 'MM/DD/YYYY'), 'unknown')
    || ') now gives a different ' || array_to_string(conflicts, ', ')
    || ' than when the listing was corrected. The listing keeps the correction.'
    || ' The registry now says: name "'
    || concat_ws(' ', first_name, nullif(middle_name, ''), last_name)
    || '"; credentials "' || credentials
    || '"; taxonomy codes ' || array_to_string(taxonomies, ', ')
    || '; practice address ' || concat_ws(', ', line1, nullif(line2, ''), city,
        state || ' ' || zip) || '.',
    'NPPES import', '', {tables.PENDING}, now(), ''
FROM {PLAN} WHERE conflicts <> '{{}}'
"""

COUNTS = f"""
SELECT action, count(*) FROM {PLAN} GROUP BY action
"""
KINDS = f"SELECT kind, count(*) FROM {ROWS} GROUP BY kind"


REJECTS = f"SELECT line, npi, reason FROM {ROWS} WHERE kind = 'reject' ORDER BY line"
