-- Search index SQL, version 4: as version 3, but the update triggers find
-- the rows that changed with EXCEPT (a hash or sort of each side, linear)
-- instead of joining the statement's old and new rows: the planner cannot
-- size those transition tables, and the nested loop it chose took minutes
-- for 20,000 practices (a month's Doctors and Clinicians import updates
-- every listed practice). Frozen: read only by migration
-- 0018_search_index_v4. Never edit; a change is a new version and a new
-- migration (README.md here).
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
    -- One refresh of a specialist at a time: a concurrent transaction's rows
    -- are seen once it commits, so no stale row survives the later refresh.
    PERFORM 1 FROM providers_specialist WHERE id = ANY(ids) ORDER BY id
        FOR NO KEY UPDATE;
    DELETE FROM providers_searchentry WHERE specialist_id = ANY(ids);
    INSERT INTO providers_searchentry (id, specialist_id, location_id, point, procedure_ids, specialty_ids, languages, accepting_new_patients, telehealth, last_name_key, first_name_key)
        SELECT id, specialist_id, location_id, point, procedure_ids, specialty_ids, languages, accepting_new_patients, telehealth, last_name_key, first_name_key FROM providers_searchsource
        WHERE specialist_id = ANY(ids);
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
