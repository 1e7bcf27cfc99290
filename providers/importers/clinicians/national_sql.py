"""The set-based SQL of the national file's import, one statement a step.

`hashes` is the hash of each clinician's lines, taken as the file was read
(hashing.py), and `same` the clinicians whose hash is the one kept: their
lines are never sent. `raw` is the other lines in staging (c1..c31, see
copying.py); `rows` every such line checked, with its kind (row, unknown,
deactivated, reject); `people` one per clinician and what to do: the
clinicians of `same` are `unchanged` and go no further (only the month of
what they confirm moves on). `lines` (one line per clinician, address and
group) and `addresses` (one per clinician and address, with the location it
goes to) hold the other clinicians only.
"""

from providers.importers import tables

RAW, ROWS, LINES = "import_dac_raw", "import_dac_rows", "import_dac_lines"
ADDRESSES, PEOPLE = "import_dac_addresses", "import_dac_people"
HASHES, SAME = "import_dac_hashes", "import_dac_same"
CROSSWALK = "import_dac_crosswalk"
STAGING = [RAW, ROWS, LINES, ADDRESSES, PEOPLE, HASHES, SAME, CROSSWALK]

FIELDS = {
    "npi": "NPI",
    "ind_pac_id": "Ind_PAC_ID",
    "enrollment_id": "Ind_enrl_ID",
    "last_name": "Provider Last Name",
    "first_name": "Provider First Name",
    "middle_name": "Provider Middle Name",
    "suffix": "suff",
    "gender": "gndr",
    "credentials": "Cred",
    "medical_school": "Med_sch",
    "graduation_year": "Grd_yr",
    "primary_specialty": "pri_spec",
    "sec_1": "sec_spec_1",
    "sec_2": "sec_spec_2",
    "sec_3": "sec_spec_3",
    "sec_4": "sec_spec_4",
    "sec_all": "sec_spec_all",
    "telehealth": "Telehlth",
    "group_name": "Facility Name",
    "pac_id": "org_pac_id",
    "members": "num_org_mem",
    "line1": "adr_ln_1",
    "line2": "adr_ln_2",
    "suppressed": "ln_2_sprs",
    "city": "City/Town",
    "state": "State",
    "zip": "ZIP Code",
    "phone": "Telephone Number",
    "assignment": "ind_assgn",
    "address_id": "adrs_id",
}


# The specialists whose NPI NPPES deactivated (and did not reactivate since),
# read from the partial index of deactivated records: the records themselves
# are wide (a gigabyte at national size).
DEACTIVATED = f"""
SELECT specialist_id FROM {tables.SOURCE_RECORD}
WHERE deactivated_on IS NOT NULL
    AND (reactivated_on IS NULL OR reactivated_on < deactivated_on)
"""


def check_rows(columns: dict[str, str]) -> str:
    """CREATE `rows`: every line typed, with its kind and, for a reject, why."""

    def col(field: str) -> str:
        value = f"coalesce(trim(r.{columns[FIELDS[field]]}), '')"
        if field == "zip":
            # ZIP+4 as a person writes it ("15213-2582"): the file's 9 digits.
            return f"regexp_replace({value}, '^([0-9]{{5}})-([0-9]{{4}})$', '\\1\\2')"
        return value

    texts = ",\n".join(f"{col(field)} AS {field}" for field in FIELDS)
    return f"""
    CREATE UNLOGGED TABLE {ROWS} WITH (autovacuum_enabled = false) AS
    SELECT t.*, s.id AS specialist_id,
        CASE
            WHEN t.reason IS NOT NULL THEN 'reject'
            WHEN s.id IS NULL THEN 'unknown'
            WHEN sr.specialist_id IS NOT NULL THEN 'deactivated'
            ELSE 'row'
        END AS kind
    FROM (
        SELECT typed.*, left(zip, 5) AS zip5,
            CASE WHEN upper(suppressed) = 'Y' THEN '' ELSE line2 END AS shown_line2,
            CASE WHEN upper(assignment) IN ('Y', 'M') THEN upper(assignment)
                ELSE '' END AS assigned,
            CASE
                WHEN NOT npi_is_valid(npi) THEN 'invalid NPI: ' || npi
                WHEN address_id = '' THEN 'no adrs_id'
                WHEN pac_id <> '' AND pac_id !~ '^[0-9]{{10}}$'
                    THEN 'org_pac_id is not 10 digits: ' || pac_id
                WHEN line1 = '' THEN 'no address line 1'
                WHEN state !~ '^[A-Z]{{2}}$' THEN 'malformed State: ' || state
                WHEN zip !~ '^[0-9]{{5}}([0-9]{{4}})?$'
                    THEN 'malformed ZIP Code: ' || zip
                WHEN NOT known_zip THEN 'unknown ZIP Code: ' || zip
            END AS reason
        FROM (
            SELECT r.line, {texts}, z.zip_code IS NOT NULL AS known_zip
            FROM {RAW} r
            LEFT JOIN {tables.ZIP_CENTROID} z
                ON z.zip_code = left(trim(r.{columns[FIELDS["zip"]]}), 5)
        ) typed
    ) t
    LEFT JOIN {tables.SPECIALIST} s ON s.npi = t.npi AND t.reason IS NULL
    LEFT JOIN ({DEACTIVATED}) sr ON sr.specialist_id = s.id
    """


KINDS = f"SELECT kind, count(*) FROM {ROWS} GROUP BY kind"
REJECTS = f"SELECT line, npi, reason FROM {ROWS} WHERE kind = 'reject' ORDER BY line"

# The address as a patient reads it (a suppressed line 2 is shown as none).
ADDRESS_HASH = "md5(concat_ws('|', line1, shown_line2, city, state, zip, phone))"

# Fields people corrected: an approved new listing or edit that changed them,
# one row per listing that has any (a hash join, not a lookup per clinician).
# A listing with no NPPES record was written by people in full.
CORRECTIONS = f"""
    SELECT specialist_id,
        bool_or(proposed ? 'locations'
            AND proposed -> 'locations' IS DISTINCT FROM base -> 'locations')
            AS locations,
        bool_or(proposed ? 'specialties'
            AND proposed -> 'specialties' IS DISTINCT FROM base -> 'specialties')
            AS specialties,
        bool_or(proposed ? 'telehealth'
            AND proposed -> 'telehealth' IS DISTINCT FROM base -> 'telehealth')
            AS telehealth
    FROM {tables.CHANGE_REQUEST}
    WHERE status = {tables.APPROVED} AND kind IN ({tables.NEW_LISTING}, {tables.EDIT})
    GROUP BY specialist_id
"""
SPECIALTY_NAMES = """ARRAY(SELECT DISTINCT n FROM unnest(
    ARRAY[x.primary_specialty, x.sec_1, x.sec_2, x.sec_3, x.sec_4]
    || regexp_split_to_array(x.sec_all, '\\s*[|,]\\s*')) n WHERE n <> '' ORDER BY 1)"""
VALUES = f"""jsonb_build_object(
    'last_name', x.last_name, 'first_name', x.first_name,
    'middle_name', x.middle_name, 'suffix', x.suffix, 'gender', x.gender,
    'credentials', x.credentials, 'medical_school', x.medical_school,
    'graduation_year', x.graduation_year,
    'primary_specialty', x.primary_specialty,
    'specialties', to_jsonb({SPECIALTY_NAMES}),
    'telehealth', upper(x.telehealth) = 'Y')"""

# The hash of each clinician's lines (hashing.py, taken as the file is read)
# and the clinicians whose hash is the one kept: listed, not deactivated, no
# line rejected last time (a clinician with one keeps no hash). Their lines
# are never sent to the database.
HASHES_TABLE = [
    f"DROP TABLE IF EXISTS {HASHES}",
    f"""CREATE UNLOGGED TABLE {HASHES} (npi text, row_hash text, lines integer)
    WITH (autovacuum_enabled = false)""",
]
SAME_SQL = f"""
CREATE UNLOGGED TABLE {SAME} WITH (autovacuum_enabled = false) AS
SELECT s.id AS specialist_id, h.npi, h.lines, e.row_hash
FROM {HASHES} h
JOIN {tables.SPECIALIST} s ON s.npi = h.npi
JOIN {tables.ENROLLMENT} e ON e.specialist_id = s.id AND e.row_hash = h.row_hash
WHERE h.row_hash <> '' AND s.id NOT IN ({DEACTIVATED})
"""
SEND = f"""
SELECT h.npi FROM {HASHES} h
WHERE NOT EXISTS (SELECT 1 FROM {SAME} s WHERE s.npi = h.npi)
"""

# One row per clinician: the hash of their lines and what to do. Clinicians
# whose lines were sent are created or updated (with the hash of their lines,
# or none if one was rejected: they are sent again next time); the others are
# unchanged and go no further (only the month of what they confirm moves on).
# (Their own values, as JSON, are built for the changed ones only: `NEWEST`.)
PEOPLE_SQL = f"""
CREATE UNLOGGED TABLE {PEOPLE} WITH (autovacuum_enabled = false) AS
SELECT l.specialist_id,
    CASE WHEN rejected.npi IS NULL THEN coalesce(h.row_hash, '') ELSE '' END
        AS row_hash,
    l.distinct_lines, l.file_lines, l.telehealth,
    sr.specialist_id IS NULL OR coalesce(c.locations, false) AS corrected_locations,
    sr.specialist_id IS NULL OR coalesce(c.specialties, false)
        AS corrected_specialties,
    coalesce(c.telehealth, false) AS telehealth_by_person,
    CASE WHEN e.specialist_id IS NULL THEN 'create' ELSE 'update' END AS action
FROM (
    SELECT specialist_id, min(npi) AS npi,
        count(DISTINCT (address_id, pac_id)) AS distinct_lines,
        count(*) AS file_lines,
        (array_agg(upper(telehealth) = 'Y' ORDER BY line DESC))[1] AS telehealth
    FROM {ROWS} WHERE kind = 'row' GROUP BY specialist_id
) l
LEFT JOIN {HASHES} h ON h.npi = l.npi
LEFT JOIN (SELECT DISTINCT npi FROM {ROWS} WHERE kind = 'reject') rejected
    ON rejected.npi = l.npi
LEFT JOIN {tables.ENROLLMENT} e ON e.specialist_id = l.specialist_id
LEFT JOIN {tables.SOURCE_RECORD} sr ON sr.specialist_id = l.specialist_id
LEFT JOIN ({CORRECTIONS}) c ON c.specialist_id = l.specialist_id
UNION ALL
SELECT s.specialist_id, s.row_hash, coalesce(kept.lines, 0), s.lines, NULL,
    false, false, false, 'unchanged'
FROM {SAME} s
LEFT JOIN (
    SELECT e.specialist_id, count(*) AS lines
    FROM {tables.ENROLLMENT_LINE} e JOIN {SAME} s2 ON s2.specialist_id = e.specialist_id
    GROUP BY 1
) kept ON kept.specialist_id = s.specialist_id
"""
# The changed clinicians' own values, from their newest line.
NEWEST = f"""
    SELECT DISTINCT ON (x.specialist_id) x.specialist_id, x.ind_pac_id,
        x.enrollment_id, {VALUES} AS values, c.row_hash
    FROM {ROWS} x JOIN {PEOPLE} c
        ON c.specialist_id = x.specialist_id AND c.action <> 'unchanged'
    WHERE x.kind = 'row'
    ORDER BY x.specialist_id, x.line DESC
"""
COUNTS = f"""
SELECT action, count(*), sum(distinct_lines)::bigint, sum(file_lines)::bigint
FROM {PEOPLE} GROUP BY action
"""

# Groups of the clinicians whose lines changed (an unchanged clinician's
# groups are as they were; `TOUCH` moves their month on).
GROUPS = f"""
INSERT INTO {tables.GROUP} AS g (pac_id, name, members, file_name, file_date)
SELECT DISTINCT ON (r.pac_id) r.pac_id, left(r.group_name, 300),
    CASE WHEN r.members ~ '^[0-9]{{1,9}}$' THEN r.members::integer END,
    %(file_name)s, %(month)s
FROM {ROWS} r JOIN {PEOPLE} c ON c.specialist_id = r.specialist_id
WHERE r.kind = 'row' AND r.pac_id <> '' AND c.action <> 'unchanged'
ORDER BY r.pac_id, r.line DESC
ON CONFLICT (pac_id) DO UPDATE SET name = excluded.name,
    members = excluded.members, file_name = excluded.file_name,
    file_date = excluded.file_date, updated = now()
WHERE (g.name, g.members, g.file_date)
    IS DISTINCT FROM (excluded.name, excluded.members, excluded.file_date)
"""

# One line per clinician (whose lines changed), address and group: the newest
# of repeats, with its group's id.
LINES_SQL = f"""
CREATE UNLOGGED TABLE {LINES} WITH (autovacuum_enabled = false) AS
SELECT DISTINCT ON (r.specialist_id, r.address_id, r.pac_id) r.*,
    {ADDRESS_HASH} AS address_hash, g.id AS group_id
FROM {ROWS} r
JOIN {PEOPLE} c ON c.specialist_id = r.specialist_id AND c.action <> 'unchanged'
LEFT JOIN {tables.GROUP} g ON g.pac_id = r.pac_id AND r.pac_id <> ''
WHERE r.kind = 'row'
ORDER BY r.specialist_id, r.address_id, r.pac_id, r.line DESC
"""

# One row per clinician and address, with the best assignment there (Y over
# M) and its location: first one of their own practices at the same street
# address and ZIP (their NPPES address, say), then the location made before
# for the CMS address ID.
ADDRESSES_SQL = f"""
CREATE UNLOGGED TABLE {ADDRESSES} WITH (autovacuum_enabled = false) AS
WITH own AS (
    SELECT p.specialist_id, upper(l.address_line1) AS line1,
        left(l.zip_code, 5) AS zip5, min(p.location_id) AS location_id
    FROM {tables.PRACTICE} p
    JOIN {tables.LOCATION} l ON l.id = p.location_id
    WHERE p.specialist_id IN (
        SELECT specialist_id FROM {PEOPLE} WHERE action <> 'unchanged'
    )
    GROUP BY 1, 2, 3
)
SELECT a.*, coalesce(own.location_id, ma.location_id) AS location_id
FROM (
    SELECT DISTINCT ON (specialist_id, address_id) specialist_id, address_id,
        line1, shown_line2 AS line2, city, state, zip, zip5, phone, address_hash,
        group_name, first_name, last_name, credentials,
        (ARRAY['', 'M', 'Y'])[1 + max(CASE assigned WHEN 'Y' THEN 2
            WHEN 'M' THEN 1 ELSE 0 END)
            OVER (PARTITION BY specialist_id, address_id)] AS assignment
    FROM {LINES}
    ORDER BY specialist_id, address_id, (group_name <> '') DESC, line DESC
) a
LEFT JOIN own ON own.specialist_id = a.specialist_id
    AND own.line1 = upper(a.line1) AND own.zip5 = a.zip5
LEFT JOIN {tables.MEDICARE_ADDRESS} ma ON ma.address_id = a.address_id
"""

# A new location per new CMS address, shared by everyone whose lines name it.
NEW_ADDRESSES = "import_dac_new_addresses"
NEW = [
    f"DROP TABLE IF EXISTS {NEW_ADDRESSES}",
    f"""
    CREATE UNLOGGED TABLE {NEW_ADDRESSES} AS
    SELECT DISTINCT ON (address_id) *
    FROM {ADDRESSES} WHERE location_id IS NULL
    ORDER BY address_id, (group_name <> '') DESC, specialist_id
    """,
    f"""
    UPDATE {NEW_ADDRESSES} SET location_id = nextval(
        pg_get_serial_sequence('{tables.LOCATION}', 'id'))
    """,
    f"""
    INSERT INTO {tables.LOCATION} (id, name, address_line1, address_line2,
        city, state, zip_code, phone, hours, point, precision, created, updated)
    SELECT n.location_id,
        left(CASE WHEN n.group_name <> '' THEN initcap(n.group_name)
            ELSE initcap(n.first_name) || ' ' || initcap(n.last_name)
                || CASE WHEN n.credentials <> '' THEN ', ' || n.credentials
                    ELSE '' END
            END, 200),
        left(initcap(n.line1), 200), left(initcap(n.line2), 200),
        left(initcap(n.city), 100), n.state,
        CASE WHEN length(n.zip) = 9 THEN n.zip5 || '-' || right(n.zip, 4)
            ELSE n.zip END,
        left(n.phone, 30), '', z.point, {tables.AT_ZIP_CENTROID}, now(), now()
    FROM {NEW_ADDRESSES} n JOIN {tables.ZIP_CENTROID} z ON z.zip_code = n.zip5
    """,
    f"""
    INSERT INTO {tables.MEDICARE_ADDRESS} (address_id, location_id, address_hash)
    SELECT address_id, location_id, address_hash FROM {NEW_ADDRESSES}
    """,
    f"""
    UPDATE {ADDRESSES} a SET location_id = n.location_id FROM {NEW_ADDRESSES} n
    WHERE n.address_id = a.address_id AND a.location_id IS NULL
    """,
    f"DROP TABLE {NEW_ADDRESSES}",
]
# A CMS address whose phone (or spelling) changed: its location follows,
# unless a person corrected the locations of someone who practices there.
MOVED_ADDRESSES = "import_dac_moved"
MOVED = [
    f"DROP TABLE IF EXISTS {MOVED_ADDRESSES}",
    f"""
    CREATE UNLOGGED TABLE {MOVED_ADDRESSES} AS
    SELECT DISTINCT ON (a.address_id) a.*
    FROM {ADDRESSES} a JOIN {tables.MEDICARE_ADDRESS} ma
        ON ma.address_id = a.address_id AND ma.location_id = a.location_id
    WHERE ma.address_hash <> a.address_hash
    ORDER BY a.address_id, a.specialist_id
    """,
    # Apart from the statement above: as one anti-join over every address,
    # the planner (with no statistics of `corrected_locations`) ran a nested
    # loop that took 11 minutes at 100,000 clinicians; over the few addresses
    # that moved it is a probe of each.
    f"ANALYZE {MOVED_ADDRESSES}",
    f"""
    DELETE FROM {MOVED_ADDRESSES} m WHERE EXISTS (
        SELECT 1 FROM {tables.PRACTICE} p JOIN {PEOPLE} c
            ON c.specialist_id = p.specialist_id
        WHERE p.location_id = m.location_id AND c.corrected_locations
    )
    """,
    f"""
    UPDATE {tables.LOCATION} l SET address_line1 = left(initcap(m.line1), 200),
        address_line2 = left(initcap(m.line2), 200),
        city = left(initcap(m.city), 100), state = m.state,
        zip_code = CASE WHEN length(m.zip) = 9 THEN m.zip5 || '-' || right(m.zip, 4)
            ELSE m.zip END,
        phone = left(m.phone, 30), updated = now()
    FROM {MOVED_ADDRESSES} m WHERE l.id = m.location_id
    """,
    f"""
    UPDATE {tables.MEDICARE_ADDRESS} ma SET address_hash = m.address_hash
    FROM {MOVED_ADDRESSES} m WHERE ma.address_id = m.address_id
    """,
    f"DROP TABLE {MOVED_ADDRESSES}",
]

# Practices: added where no one corrected the listing's locations; the
# assignment and the month of every listed practice kept up to date.
PRACTICES = f"""
INSERT INTO {tables.PRACTICE} AS p (specialist_id, location_id,
    medicare_assignment, medicare_confirmed)
SELECT DISTINCT ON (a.specialist_id, a.location_id) a.specialist_id,
    a.location_id, a.assignment, %(month)s
FROM {ADDRESSES} a JOIN {PEOPLE} c ON c.specialist_id = a.specialist_id
WHERE NOT c.corrected_locations
ORDER BY a.specialist_id, a.location_id, a.assignment DESC
ON CONFLICT (specialist_id, location_id) DO UPDATE SET
    medicare_assignment = excluded.medicare_assignment,
    medicare_confirmed = excluded.medicare_confirmed
WHERE (p.medicare_assignment, p.medicare_confirmed) IS DISTINCT FROM
    (excluded.medicare_assignment, excluded.medicare_confirmed)
RETURNING (xmax = 0) AS created
"""
CORRECTED_PRACTICES = f"""
UPDATE {tables.PRACTICE} p SET medicare_assignment = a.assignment,
    medicare_confirmed = %(month)s
FROM (
    SELECT DISTINCT ON (a.specialist_id, a.location_id) a.*
    FROM {ADDRESSES} a JOIN {PEOPLE} c ON c.specialist_id = a.specialist_id
    WHERE c.corrected_locations
    ORDER BY a.specialist_id, a.location_id, a.assignment DESC
) a
WHERE p.specialist_id = a.specialist_id AND p.location_id = a.location_id
    AND (p.medicare_assignment, p.medicare_confirmed)
        IS DISTINCT FROM (a.assignment, %(month)s)
"""

# The file's lines replace those kept: the lines of clinicians the file no
# longer lists, and the changed clinicians' lines it no longer has, go (hash
# anti-joins, linear in both).
LINES_GONE = [
    f"""
    DELETE FROM {tables.ENROLLMENT_LINE} e WHERE NOT EXISTS (
        SELECT 1 FROM {PEOPLE} c WHERE c.specialist_id = e.specialist_id
    )
    """,
    f"""
    DELETE FROM {tables.ENROLLMENT_LINE} e USING {PEOPLE} c
    WHERE c.specialist_id = e.specialist_id AND c.action <> 'unchanged'
        AND NOT EXISTS (
            SELECT 1 FROM {LINES} l
            WHERE l.specialist_id = e.specialist_id AND l.address_id = e.address_id
                AND l.group_id IS NOT DISTINCT FROM e.group_id
        )
    """,
]
# A clinician the file no longer lists has no lines left: their enrollment
# (kept: education, the month the file last listed them) no longer matches a
# line hash, so a file that lists them again writes their lines afresh.
FORGET = f"""
UPDATE {tables.ENROLLMENT} e SET row_hash = ''
WHERE e.row_hash <> '' AND NOT EXISTS (
    SELECT 1 FROM {PEOPLE} c WHERE c.specialist_id = e.specialist_id
)
"""
LINES_WRITE = f"""
INSERT INTO {tables.ENROLLMENT_LINE} AS e (specialist_id, location_id,
    address_id, group_id, assignment, telehealth, file_date)
SELECT l.specialist_id, a.location_id, l.address_id, l.group_id, l.assigned,
    upper(l.telehealth) = 'Y', %(month)s
FROM {LINES} l JOIN {ADDRESSES} a
    ON a.specialist_id = l.specialist_id AND a.address_id = l.address_id
ON CONFLICT ON CONSTRAINT {tables.ENROLLMENT_LINE_UNIQUE} DO UPDATE SET
    location_id = excluded.location_id, assignment = excluded.assignment,
    telehealth = excluded.telehealth, file_date = excluded.file_date
WHERE (e.location_id, e.assignment, e.telehealth, e.file_date) IS DISTINCT FROM
    (excluded.location_id, excluded.assignment, excluded.telehealth,
     excluded.file_date)
"""

# A new month's file that lists a clinician as before confirms, for that
# month, what it confirmed: their lines, their practices there, their groups.
# (Left out when the month is the one imported last: nothing would change.)
TOUCH = [
    f"""
    UPDATE {tables.ENROLLMENT_LINE} e SET file_date = %(month)s
    FROM {PEOPLE} c
    WHERE c.specialist_id = e.specialist_id AND c.action = 'unchanged'
        AND e.file_date IS DISTINCT FROM %(month)s
    """,
    f"""
    UPDATE {tables.PRACTICE} p SET medicare_confirmed = %(month)s
    FROM {tables.ENROLLMENT_LINE} e JOIN {PEOPLE} c
        ON c.specialist_id = e.specialist_id AND c.action = 'unchanged'
    WHERE p.specialist_id = e.specialist_id AND p.location_id = e.location_id
        AND p.medicare_confirmed IS DISTINCT FROM %(month)s
    """,
    f"""
    UPDATE {tables.GROUP} g SET file_date = %(month)s, file_name = %(file_name)s
    WHERE g.file_date IS DISTINCT FROM %(month)s AND g.id IN (
        SELECT e.group_id FROM {tables.ENROLLMENT_LINE} e JOIN {PEOPLE} c
            ON c.specialist_id = e.specialist_id AND c.action = 'unchanged'
    )
    """,
]

# A practice the file no longer lists is no longer confirmed by Medicare; one
# that only Medicare confirmed (at a location Medicare's file made, with no
# NPPES address and no person's correction behind it) is removed.
UNCONFIRM = f"""
UPDATE {tables.PRACTICE} p SET medicare_confirmed = NULL, medicare_assignment = ''
WHERE p.medicare_confirmed IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM {tables.ENROLLMENT_LINE} e
    WHERE e.specialist_id = p.specialist_id AND e.location_id = p.location_id
)
"""
REMOVE = f"""
DELETE FROM {tables.PRACTICE} p USING {tables.MEDICARE_ADDRESS} ma
WHERE ma.location_id = p.location_id AND p.medicare_confirmed IS NULL
    AND NOT EXISTS (
        SELECT 1 FROM {tables.SOURCE_LOCATION} sl
        WHERE sl.location_id = p.location_id AND sl.specialist_id = p.specialist_id
    )
    AND EXISTS (
        SELECT 1 FROM {tables.SOURCE_RECORD} sr
        WHERE sr.specialist_id = p.specialist_id
    )
    AND NOT EXISTS (
        SELECT 1 FROM {tables.CHANGE_REQUEST} cr
        WHERE cr.specialist_id = p.specialist_id AND cr.status = {tables.APPROVED}
            AND cr.kind IN ({tables.NEW_LISTING}, {tables.EDIT})
            AND cr.proposed ? 'locations'
    )
"""

# Written for changed clinicians; only the month moves on for the others.
ENROLLMENTS = [
    f"""
    INSERT INTO {tables.ENROLLMENT} AS e (specialist_id, pac_id, enrollment_id,
        values, row_hash, file_name, file_date, imported_at)
    SELECT specialist_id, left(ind_pac_id, 10), left(enrollment_id, 15), values,
        row_hash, %(file_name)s, %(month)s, now()
    FROM ({NEWEST}) n
    ON CONFLICT (specialist_id) DO UPDATE SET pac_id = excluded.pac_id,
        enrollment_id = excluded.enrollment_id, values = excluded.values,
        row_hash = excluded.row_hash, file_name = excluded.file_name,
        file_date = excluded.file_date, imported_at = excluded.imported_at
    """,
    f"""
    UPDATE {tables.ENROLLMENT} e SET file_name = %(file_name)s,
        file_date = %(month)s, imported_at = now()
    FROM {PEOPLE} c
    WHERE %(new_month)s AND c.specialist_id = e.specialist_id
        AND c.action = 'unchanged' AND e.file_date IS DISTINCT FROM %(month)s
    """,
]

# "Telehlth Y" is a source saying so; no "Y" is not known, never "no". A
# value a person set stays.
TELEHEALTH = f"""
UPDATE {tables.SPECIALIST} s
SET telehealth = CASE WHEN c.telehealth THEN true END, updated = now()
FROM {PEOPLE} c
WHERE c.specialist_id = s.id AND c.action <> 'unchanged'
    AND NOT c.telehealth_by_person
    AND s.telehealth IS DISTINCT FROM CASE WHEN c.telehealth THEN true END
"""

CROSSWALK_TABLE = [
    f"DROP TABLE IF EXISTS {CROSSWALK}",
    f"CREATE UNLOGGED TABLE {CROSSWALK} (name text PRIMARY KEY, code text)",
]
LINK_SPECIALTIES = f"""
INSERT INTO {tables.SPECIALIST_SPECIALTIES} (specialist_id, specialty_id)
SELECT DISTINCT c.specialist_id, sp.id
FROM {PEOPLE} c
JOIN {tables.ENROLLMENT} e ON e.specialist_id = c.specialist_id
CROSS JOIN jsonb_array_elements_text(e.values -> 'specialties') AS n(name)
JOIN {CROSSWALK} x ON x.name = upper(n.name)
JOIN {tables.SPECIALTY} sp ON sp.code = x.code
WHERE c.action <> 'unchanged' AND NOT c.corrected_specialties
ON CONFLICT DO NOTHING
"""

# Where the file changed the locations of a listing whose locations a person
# corrected: the listing keeps the correction, a moderator is told.
CONFLICTS = f"""
SELECT c.specialist_id, string_agg(DISTINCT concat_ws(', ', initcap(a.line1),
    initcap(a.city), a.state || ' ' || a.zip), '; ')
FROM {PEOPLE} c JOIN {ADDRESSES} a ON a.specialist_id = c.specialist_id
WHERE c.corrected_locations AND c.action <> 'unchanged' AND NOT EXISTS (
    SELECT 1 FROM {tables.PRACTICE} p
    WHERE p.specialist_id = a.specialist_id AND p.location_id = a.location_id
)
GROUP BY c.specialist_id
"""
REPORT = f"""
INSERT INTO {tables.REPORT} (specialist_id, what_is_wrong, contact_name,
    contact_email, status, created, reason)
SELECT specialist_id, %(text)s || addresses || '.', 'Doctors and Clinicians import',
    '', {tables.PENDING}, now(), ''
FROM unnest(%(ids)s::bigint[], %(addresses)s::text[]) AS t(specialist_id, addresses)
"""

# Specialty names of the file's clinicians the crosswalk does not map: kept as
# text in the enrollment, counted in the summary.
UNMAPPED_NAMES = f"""
    SELECT DISTINCT r.specialist_id, n.name
    FROM {ROWS} r
    CROSS JOIN LATERAL unnest(
        ARRAY[r.primary_specialty, r.sec_1, r.sec_2, r.sec_3, r.sec_4]
        || regexp_split_to_array(r.sec_all, '\\s*[|,]\\s*')) AS n(name)
    WHERE r.kind = 'row' AND n.name <> '' AND NOT EXISTS (
        SELECT 1 FROM {CROSSWALK} x WHERE x.name = upper(n.name)
    )
"""
# One pass over the lines; the few names found are counted from the result.
UNMAPPED = [
    "DROP TABLE IF EXISTS import_dac_unmapped",
    f"CREATE TEMP TABLE import_dac_unmapped AS {UNMAPPED_NAMES}",
]
UNMAPPED_COUNTS = """
SELECT name, count(*) FROM import_dac_unmapped GROUP BY name ORDER BY 2 DESC, 1
"""
UNMAPPED_CLINICIANS = "SELECT count(DISTINCT specialist_id) FROM import_dac_unmapped"
