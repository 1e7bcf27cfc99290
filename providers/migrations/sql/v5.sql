-- Search index SQL, version 5: as version 4, but a transaction may defer
-- the index's refresh to its end. After `SELECT providers_search_defer()`
-- (transaction-local: a setting made with set_config(..., true) and a
-- temporary table dropped at commit), every trigger records the specialists
-- to refresh instead of refreshing them statement by statement; `SELECT
-- providers_search_refresh_deferred()` then refreshes them all at once, in
-- one set-based delete and insert (hash joins, not a lookup per row), and
-- ends the deferral. A bulk import that writes a listing's rows in several
-- statements refreshes it once instead of once a statement. Frozen: read
-- only by migration 0020_search_index_v5. Never edit; a change is a new
-- version and a new migration (README.md here).
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


CREATE OR REPLACE FUNCTION providers_search_refresh(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(ids) IS NULL OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    IF current_setting('providers.search_deferred', true) = 'on' THEN
        INSERT INTO pg_temp.providers_search_pending (specialist_id)
            SELECT unnest(ids);
        RETURN;
    END IF;
    -- One refresh of a specialist at a time: a concurrent transaction's rows
    -- are seen once it commits, so no stale row survives the later refresh.
    PERFORM 1 FROM providers_specialist WHERE id = ANY(ids) ORDER BY id
        FOR NO KEY UPDATE;
    DELETE FROM providers_searchentry WHERE specialist_id = ANY(ids);
    INSERT INTO providers_searchentry (id, specialist_id, location_id, point, procedure_ids, specialty_ids, languages, accepting_new_patients, telehealth, last_name_key, first_name_key)
        SELECT id, specialist_id, location_id, point, procedure_ids, specialty_ids, languages, accepting_new_patients, telehealth, last_name_key, first_name_key FROM providers_searchsource
        WHERE specialist_id = ANY(ids);
END $$;


-- Until the transaction ends or providers_search_refresh_deferred() runs,
-- the triggers record the specialists to refresh (in a temporary table of
-- this transaction) instead of refreshing them.
CREATE OR REPLACE FUNCTION providers_search_defer() RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    CREATE TEMP TABLE IF NOT EXISTS providers_search_pending (
        specialist_id bigint NOT NULL
    ) ON COMMIT DROP;
    PERFORM set_config('providers.search_deferred', 'on', true);
END $$;


-- Refresh every specialist recorded since providers_search_defer(), at once,
-- and stop deferring. The rows are the view's (providers_searchsource), the
-- procedure and specialty lists aggregated in one pass each for the
-- specialists concerned. Returns the number of index rows written.
CREATE OR REPLACE FUNCTION providers_search_refresh_deferred() RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    written bigint;
BEGIN
    PERFORM set_config('providers.search_deferred', 'off', true);
    IF to_regclass('pg_temp.providers_search_pending') IS NULL THEN
        RETURN 0;
    END IF;
    CREATE TEMP TABLE providers_search_refreshing ON COMMIT DROP AS
        SELECT DISTINCT specialist_id AS id FROM pg_temp.providers_search_pending;
    DROP TABLE pg_temp.providers_search_pending;
    ANALYZE pg_temp.providers_search_refreshing;
    PERFORM 1 FROM providers_specialist
        WHERE id IN (SELECT id FROM pg_temp.providers_search_refreshing)
        ORDER BY id FOR NO KEY UPDATE;
    DELETE FROM providers_searchentry e USING pg_temp.providers_search_refreshing r
        WHERE e.specialist_id = r.id;
    INSERT INTO providers_searchentry (id, specialist_id, location_id, point, procedure_ids, specialty_ids, languages, accepting_new_patients, telehealth, last_name_key, first_name_key)
    SELECT p.id, p.specialist_id, p.location_id, l.point,
           coalesce(pr.ids, '{}'), coalesce(sp.ids, '{}'),
           s.languages, s.accepting_new_patients, s.telehealth,
           lower(s.last_name)::varchar(100), lower(s.first_name)::varchar(100)
    FROM pg_temp.providers_search_refreshing r
    JOIN providers_specialist s ON s.id = r.id
    JOIN providers_practice p ON p.specialist_id = s.id
    JOIN providers_location l ON l.id = p.location_id
    LEFT JOIN (SELECT d.specialist_id,
                      array_agg(DISTINCT d.procedure_id::integer) AS ids
               FROM (SELECT specialist_id, procedure_id
                     FROM providers_specialist_procedures
                     UNION ALL
                     SELECT specialist_id, procedure_id
                     FROM providers_servicevolume) d
               JOIN pg_temp.providers_search_refreshing r2 ON r2.id = d.specialist_id
               GROUP BY 1) pr
           ON pr.specialist_id = s.id
    LEFT JOIN (SELECT ss.specialist_id,
                      array_agg(ss.specialty_id::integer ORDER BY 1) AS ids
               FROM providers_specialist_specialties ss
               JOIN pg_temp.providers_search_refreshing r3 ON r3.id = ss.specialist_id
               GROUP BY 1) sp
           ON sp.specialist_id = s.id
    WHERE s.status = 'published';
    GET DIAGNOSTICS written = ROW_COUNT;
    DROP TABLE pg_temp.providers_search_refreshing;
    RETURN written;
END $$;


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
    -- A row whose searched columns changed is in one EXCEPT with its new
    -- status and in the other with its old one: published in either counts.
    PERFORM providers_search_refresh(ARRAY(
        SELECT id FROM (
            SELECT id, status, first_name, last_name, languages,
                   accepting_new_patients, telehealth FROM new_rows
            EXCEPT
            SELECT id, status, first_name, last_name, languages,
                   accepting_new_patients, telehealth FROM old_rows
        ) changed WHERE status = 'published'
        UNION
        SELECT id FROM (
            SELECT id, status, first_name, last_name, languages,
                   accepting_new_patients, telehealth FROM old_rows
            EXCEPT
            SELECT id, status, first_name, last_name, languages,
                   accepting_new_patients, telehealth FROM new_rows
        ) changed WHERE status = 'published'));
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


CREATE TRIGGER search_practice_inserted AFTER INSERT ON providers_practice
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_links_written();
CREATE OR REPLACE FUNCTION providers_search_practice_updated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM providers_search_refresh(ARRAY(
        SELECT specialist_id FROM (
            SELECT id, specialist_id, location_id FROM new_rows
            EXCEPT SELECT id, specialist_id, location_id FROM old_rows
        ) moved
        UNION
        SELECT specialist_id FROM (
            SELECT id, specialist_id, location_id FROM old_rows
            EXCEPT SELECT id, specialist_id, location_id FROM new_rows
        ) moved));
    RETURN NULL;
END $$;

CREATE TRIGGER search_practice_updated AFTER UPDATE ON providers_practice
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_practice_updated();
CREATE TRIGGER search_practice_deleted AFTER DELETE ON providers_practice
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_links_written();


CREATE TRIGGER search_specialist_procedures_inserted AFTER INSERT ON providers_specialist_procedures
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_links_written();
CREATE TRIGGER search_specialist_procedures_updated AFTER UPDATE ON providers_specialist_procedures
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_links_written();
CREATE TRIGGER search_specialist_procedures_deleted AFTER DELETE ON providers_specialist_procedures
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_links_written();


CREATE TRIGGER search_specialist_specialties_inserted AFTER INSERT ON providers_specialist_specialties
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_links_written();
CREATE TRIGGER search_specialist_specialties_updated AFTER UPDATE ON providers_specialist_specialties
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_links_written();
CREATE TRIGGER search_specialist_specialties_deleted AFTER DELETE ON providers_specialist_specialties
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_links_written();


CREATE TRIGGER search_servicevolume_inserted AFTER INSERT ON providers_servicevolume
    REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_links_written();
CREATE TRIGGER search_servicevolume_updated AFTER UPDATE ON providers_servicevolume
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_links_written();
CREATE TRIGGER search_servicevolume_deleted AFTER DELETE ON providers_servicevolume
    REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_links_written();


CREATE OR REPLACE FUNCTION providers_search_location_moved() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM providers_search_refresh(ARRAY(
        SELECT DISTINCT p.specialist_id
        FROM (
            SELECT id, ST_AsEWKB(point::geometry) FROM new_rows
            EXCEPT SELECT id, ST_AsEWKB(point::geometry) FROM old_rows
        ) moved
        JOIN providers_practice p ON p.location_id = moved.id));
    RETURN NULL;
END $$;

CREATE TRIGGER search_location_moved AFTER UPDATE ON providers_location
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_location_moved();


CREATE OR REPLACE FUNCTION providers_search_truncated() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM providers_searchentry;
    RETURN NULL;
END $$;

CREATE TRIGGER search_specialist_truncated AFTER TRUNCATE ON providers_specialist
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_truncated();

CREATE TRIGGER search_practice_truncated AFTER TRUNCATE ON providers_practice
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_truncated();

CREATE TRIGGER search_location_truncated AFTER TRUNCATE ON providers_location
    FOR EACH STATEMENT EXECUTE FUNCTION providers_search_truncated();
