-- Search index SQL, version 3: as version 2, but a practice's update
-- refreshes the index only when the practice moved to another specialist or
-- location: the Medicare columns a monthly Doctors and Clinicians import
-- updates on every listed practice are not in the index. Frozen: read only by
-- migration 0015_search_index_v3. Never edit; a change is a new version and a
-- new migration (README.md here).
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
        SELECT n.specialist_id FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.specialist_id, n.location_id)
            IS DISTINCT FROM (o.specialist_id, o.location_id)
        UNION
        SELECT o.specialist_id FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE (n.specialist_id, n.location_id)
            IS DISTINCT FROM (o.specialist_id, o.location_id)));
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
        FROM new_rows n JOIN old_rows o ON o.id = n.id
        JOIN providers_practice p ON p.location_id = n.id
        WHERE NOT ST_Equals(n.point::geometry, o.point::geometry)));
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
