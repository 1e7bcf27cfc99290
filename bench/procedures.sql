-- Who performs what, for a database filled from NPPES (which lists no
-- procedures): about 26% of specialists perform kyphoplasty and 30%
-- vertebroplasty, spread by a hash of their id. Triggers off for this session:
-- run `manage.py rebuild_search_index` afterwards (after `import_nppes
-- --search-index-later`, that is the search index's only build).
SET session_replication_role = replica;
INSERT INTO providers_procedure (name, slug, summary, updated)
VALUES ('Kyphoplasty', 'kyphoplasty', '', now()),
       ('Vertebroplasty', 'vertebroplasty', '', now())
ON CONFLICT DO NOTHING;
INSERT INTO providers_specialist_procedures (specialist_id, procedure_id)
SELECT s.id, p.id FROM providers_specialist s, providers_procedure p
WHERE (p.slug = 'kyphoplasty' AND abs(hashint8(s.id)) % 100 < 26)
   OR (p.slug = 'vertebroplasty' AND abs(hashint8(s.id + 7)) % 100 < 30)
ON CONFLICT DO NOTHING;
-- Only the tables this wrote: the import analyzed the others, and a whole
-- database's ANALYZE took 16 s of this script at 1M (0.3 s for this table).
ANALYZE providers_procedure, providers_specialist_procedures;
