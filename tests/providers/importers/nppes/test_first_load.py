"""A first load may leave the search index for one rebuild after further loads."""

import pytest
from django.core.management import call_command
from django.db import connection

from providers.importers.generators.nppes import npi_for
from providers.importers.nppes.first_load import TABLES
from providers.models import SearchEntry, Specialist
from providers.search.rebuild import rebuild
from tests.factories import make_procedure, make_specialist
from tests.providers.importers.conftest import FILE, NEWER, write_main
from tests.providers.search.test_index import assert_in_step, indexed_rows

pytestmark = pytest.mark.usefixtures("spine_specialties")
NPIS = [npi_for(n, seed=7) for n in range(40, 45)]


def import_later(path):
    call_command("import_nppes", str(path), "--search-index-later", verbosity=0)


def search_triggers_on() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT bool_and(tgenabled <> 'D') FROM pg_trigger WHERE NOT tgisinternal "
            "AND tgname LIKE 'search\\_%%' AND tgrelid::regclass::text = ANY(%s)",
            [TABLES],
        )
        return cursor.fetchone()[0]


def test_a_first_load_left_for_later_is_found_after_one_rebuild(tmp_path, rows):
    import_later(write_main(tmp_path / FILE, [rows.individual(n) for n in NPIS]))

    assert Specialist.objects.count() == 5
    assert not SearchEntry.objects.exists()
    assert search_triggers_on()

    # Further loads, then the one rebuild: the procedures are in the index.
    procedure = make_procedure()
    for specialist in Specialist.objects.all()[:2]:
        specialist.procedures.add(procedure)
    assert rebuild() == 5
    assert_in_step()
    assert sorted(len(e.procedure_ids) for e in SearchEntry.objects.all()) == [
        0,
        0,
        0,
        1,
        1,
    ]


def test_a_directory_in_use_keeps_its_index_in_step_all_the_same(tmp_path, rows):
    make_specialist(last_name="Selfmade")

    import_later(write_main(tmp_path / NEWER, [rows.individual(n) for n in NPIS]))

    assert len(indexed_rows()) == 6
    assert_in_step()
