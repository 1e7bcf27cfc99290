"""The SQL that keeps the search index (`providers_searchentry`) in step.

Installed by migration 0006. A view says what the index holds; triggers on every
table it is made from refresh the specialists a statement touched, set-based
(statement-level, with transition tables), so one bulk import refreshes its
million rows in a few statements, not a million calls.
"""

COLUMNS = (
    "id, specialist_id, location_id, point, procedure_ids, specialty_ids, "
    "languages, accepting_new_patients, telehealth, last_name_key, first_name_key"
)

SOURCE_VIEW = """
CREATE OR REPLACE VIEW providers_searchsource AS
SELECT p.id, p.specialist_id, p.location_id, l.point,
       ARRAY(SELECT sp.procedure_id::integer FROM providers_specialist_procedures sp
             WHERE sp.specialist_id = s.id
             UNION
             SELECT sv.procedure_id::integer FROM providers_servicevolume sv
             WHERE sv.specialist_id = s.id ORDER BY 1) AS procedure_ids,
       ARRAY(SELECT ss.specialty_id::integer FROM providers_specialist_specialties ss
             WHERE ss.specialist_id = s.id ORDER BY 1) AS specialty_ids,
       s.languages, s.accepting_new_patients, s.telehealth,
       lower(s.last_name)::varchar(100) AS last_name_key,
       lower(s.first_name)::varchar(100) AS first_name_key
FROM providers_specialist s
JOIN providers_practice p ON p.specialist_id = s.id
JOIN providers_location l ON l.id = p.location_id
WHERE s.status = 'published';
"""

# The same rows as the view, for the whole table at once: the procedure and
# specialty lists aggregated in one pass each (hash joins) rather than looked up
# per row. `rebuild` writes it; a test checks it equals what the triggers keep.
ALL_ROWS = """
SELECT p.id, p.specialist_id, p.location_id, l.point,
       coalesce(pr.ids, '{}') AS procedure_ids,
       coalesce(sp.ids, '{}') AS specialty_ids,
       s.languages, s.accepting_new_patients, s.telehealth,
       lower(s.last_name)::varchar(100) AS last_name_key,
       lower(s.first_name)::varchar(100) AS first_name_key
FROM providers_specialist s
JOIN providers_practice p ON p.specialist_id = s.id
JOIN providers_location l ON l.id = p.location_id
LEFT JOIN (SELECT specialist_id, array_agg(DISTINCT procedure_id::integer) AS ids
           FROM (SELECT specialist_id, procedure_id
                 FROM providers_specialist_procedures
                 UNION ALL
                 SELECT specialist_id, procedure_id FROM providers_servicevolume) d
           GROUP BY 1) pr
       ON pr.specialist_id = s.id
LEFT JOIN (SELECT specialist_id, array_agg(specialty_id::integer ORDER BY 1) AS ids
           FROM providers_specialist_specialties GROUP BY 1) sp
       ON sp.specialist_id = s.id
WHERE s.status = 'published'
"""

REFRESH_FUNCTION = f"""
CREATE OR REPLACE FUNCTION providers_search_refresh(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(ids) IS NULL OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    -- One refresh of a specialist at a time: a concurrent transaction's rows
    -- are seen once it commits, so no stale row survives the later refresh.
    PERFORM 1 FROM providers_specialist WHERE id = ANY(ids) ORDER BY id
        FOR NO KEY UPDATE;
    DELETE FROM providers_searchentry WHERE specialist_id = ANY(ids);
    INSERT INTO providers_searchentry ({COLUMNS})
        SELECT {COLUMNS} FROM providers_searchsource
        WHERE specialist_id = ANY(ids);
END $$;
"""

SPECIALIST_TRIGGERS = """
CREATE OR REPLACE FUNCTION providers_search_specialist_inserted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM providers_search_refresh(ARRAY(
        SELECT id FROM new_rows WHERE status = 'published'));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION providers_search_specialist_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM providers_search_refresh(ARRAY(
        SELECT n.id FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.status = 'published' OR o.status = 'published')
          AND (n.status, n.first_name, n.last_name, n.languages,
               n.accepting_new_patients, n.telehealth)
              IS DISTINCT FROM
              (o.status, o.first_name, o.last_name, o.languages,
               o.accepting_new_patients, o.telehealth)));
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION providers_search_specialist_deleted() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM providers_searchentry WHERE specialist_id IN (SELECT id FROM old_rows);
    RETURN NULL;
END $$;

CREATE TRIGGER search_specialist_inserted AFTER INSERT ON providers_specialist
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_specialist_inserted();
CREATE TRIGGER search_specialist_updated AFTER UPDATE ON providers_specialist
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_specialist_updated();
CREATE TRIGGER search_specialist_deleted AFTER DELETE ON providers_specialist
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_specialist_deleted();
"""

# Practices, the specialist's procedures (declared or billed to Medicare) and
# specialties: refresh every specialist named in the rows a statement wrote or
# removed.
LINK_TRIGGERS = """
CREATE OR REPLACE FUNCTION providers_search_links_written() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM providers_search_refresh(ARRAY(
            SELECT DISTINCT specialist_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM providers_search_refresh(ARRAY(
            SELECT DISTINCT specialist_id FROM old_rows));
    ELSE
        PERFORM providers_search_refresh(ARRAY(
            SELECT specialist_id FROM new_rows
            UNION SELECT specialist_id FROM old_rows));
    END IF;
    RETURN NULL;
END $$;
"""

LINK_TABLES = (
    "providers_practice",
    "providers_specialist_procedures",
    "providers_specialist_specialties",
    # A procedure billed to Medicare counts as performed (issue 13).
    "providers_servicevolume",
)


def link_triggers(table: str) -> str:
    name = table.removeprefix("providers_")
    function = "providers_search_links_written()"
    return f"""
CREATE TRIGGER search_{name}_inserted AFTER INSERT ON {table}
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {function};
CREATE TRIGGER search_{name}_updated AFTER UPDATE ON {table}
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {function};
CREATE TRIGGER search_{name}_deleted AFTER DELETE ON {table}
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION {function};
"""


LOCATION_TRIGGERS = """
CREATE OR REPLACE FUNCTION providers_search_location_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM providers_search_refresh(ARRAY(
        SELECT DISTINCT p.specialist_id
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN providers_practice p ON p.location_id = n.id
        WHERE NOT ST_Equals(n.point::geometry, o.point::geometry)));
    RETURN NULL;
END $$;

CREATE TRIGGER search_location_moved AFTER UPDATE ON providers_location
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_location_moved();
"""

# TRUNCATE of a listing table (a benchmark's reset, a test's flush) empties the
# index with it. DELETE, not TRUNCATE: the same TRUNCATE statement may name the
# index table too, and a table cannot be truncated while a statement uses it.
TRUNCATE_TRIGGERS = """
CREATE OR REPLACE FUNCTION providers_search_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM providers_searchentry;
    RETURN NULL;
END $$;
""" + "".join(
    f"""
CREATE TRIGGER search_{table}_truncated AFTER TRUNCATE ON providers_{table}
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_truncated();
"""
    for table in ("specialist", "practice", "location")
)

INSTALL = "\n".join(
    [
        SOURCE_VIEW,
        REFRESH_FUNCTION,
        SPECIALIST_TRIGGERS,
        LINK_TRIGGERS,
        *(link_triggers(table) for table in LINK_TABLES),
        LOCATION_TRIGGERS,
        TRUNCATE_TRIGGERS,
    ]
)

UNINSTALL = (
    """
DROP TRIGGER IF EXISTS search_specialist_inserted ON providers_specialist;
DROP TRIGGER IF EXISTS search_specialist_updated ON providers_specialist;
DROP TRIGGER IF EXISTS search_specialist_deleted ON providers_specialist;
DROP TRIGGER IF EXISTS search_location_moved ON providers_location;
"""
    + "".join(
        f"DROP TRIGGER IF EXISTS search_{t.removeprefix('providers_')}_{op} ON {t};\n"
        for t in LINK_TABLES
        for op in ("inserted", "updated", "deleted")
    )
    + "".join(
        f"DROP TRIGGER IF EXISTS search_{t}_truncated ON providers_{t};\n"
        for t in ("specialist", "practice", "location")
    )
    + """
DROP FUNCTION IF EXISTS providers_search_truncated();
DROP FUNCTION IF EXISTS providers_search_location_moved();
DROP FUNCTION IF EXISTS providers_search_links_written();
DROP FUNCTION IF EXISTS providers_search_specialist_inserted();
DROP FUNCTION IF EXISTS providers_search_specialist_updated();
DROP FUNCTION IF EXISTS providers_search_specialist_deleted();
DROP FUNCTION IF EXISTS providers_search_refresh(bigint[]);
DROP VIEW IF EXISTS providers_searchsource;
"""
)
