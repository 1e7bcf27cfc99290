-- Removes what search index SQL version 5 (or 4, 3, 2, 1) installed. Frozen:
-- read only by migration 0020_search_index_v5. Never edit (README.md here).
DROP TRIGGER IF EXISTS search_specialist_inserted ON providers_specialist;
DROP TRIGGER IF EXISTS search_specialist_updated ON providers_specialist;
DROP TRIGGER IF EXISTS search_specialist_deleted ON providers_specialist;
DROP TRIGGER IF EXISTS search_location_moved ON providers_location;
DROP TRIGGER IF EXISTS search_practice_inserted ON providers_practice;
DROP TRIGGER IF EXISTS search_practice_updated ON providers_practice;
DROP TRIGGER IF EXISTS search_practice_deleted ON providers_practice;
DROP TRIGGER IF EXISTS search_specialist_procedures_inserted ON providers_specialist_procedures;
DROP TRIGGER IF EXISTS search_specialist_procedures_updated ON providers_specialist_procedures;
DROP TRIGGER IF EXISTS search_specialist_procedures_deleted ON providers_specialist_procedures;
DROP TRIGGER IF EXISTS search_specialist_specialties_inserted ON providers_specialist_specialties;
DROP TRIGGER IF EXISTS search_specialist_specialties_updated ON providers_specialist_specialties;
DROP TRIGGER IF EXISTS search_specialist_specialties_deleted ON providers_specialist_specialties;
DROP TRIGGER IF EXISTS search_servicevolume_inserted ON providers_servicevolume;
DROP TRIGGER IF EXISTS search_servicevolume_updated ON providers_servicevolume;
DROP TRIGGER IF EXISTS search_servicevolume_deleted ON providers_servicevolume;
DROP TRIGGER IF EXISTS search_specialist_truncated ON providers_specialist;
DROP TRIGGER IF EXISTS search_practice_truncated ON providers_practice;
DROP TRIGGER IF EXISTS search_location_truncated ON providers_location;

DROP FUNCTION IF EXISTS providers_search_truncated();
DROP FUNCTION IF EXISTS providers_search_location_moved();
DROP FUNCTION IF EXISTS providers_search_links_written();
DROP FUNCTION IF EXISTS providers_search_practice_updated();
DROP FUNCTION IF EXISTS providers_search_specialist_inserted();
DROP FUNCTION IF EXISTS providers_search_specialist_updated();
DROP FUNCTION IF EXISTS providers_search_specialist_deleted();
DROP FUNCTION IF EXISTS providers_search_refresh_deferred();
DROP FUNCTION IF EXISTS providers_search_defer();
DROP FUNCTION IF EXISTS providers_search_refresh(bigint[]);
DROP VIEW IF EXISTS providers_searchsource;
