"""Procedures and specialties kept in memory: found without a query, and never
out of date for long."""

import pytest
from django.http import QueryDict

from directory.filters import SpecialistFilter
from providers import catalog as catalog_module
from providers.catalog import catalog
from providers.models import Procedure, ProcedureSynonym, SearchEntry
from tests.factories import make_procedure, make_specialty

pytestmark = pytest.mark.django_db


@pytest.fixture
def kyphoplasty():
    procedure = make_procedure(name="Balloon Kyphoplasty", slug="kyphoplasty")
    procedure.synonyms.create(name="Kyphoplasty with balloon")
    return procedure


@pytest.mark.parametrize(
    "typed",
    ["kyphoplasty", "KYPHOPLASTY", "balloon kyphoplasty", "balloon-kyphoplasty"]
    + ["kyphoplasty with BALLOON"],
)
def test_a_procedure_is_found_by_slug_name_or_synonym(kyphoplasty, typed):
    assert catalog.procedure(typed) == kyphoplasty
    assert catalog.procedure("vertebroplasty") is None


def test_a_specialty_is_found_by_slug_code_or_name():
    spine = make_specialty(code="207XS0117X", name="Spine Surgery", slug="spine")
    for typed in ("spine", "207xs0117x", "SPINE SURGERY"):
        assert catalog.specialty(typed) == spine
    assert catalog.specialty("cardiology") is None


def test_a_search_reads_no_catalog_rows_once_loaded(
    kyphoplasty, django_assert_num_queries
):
    make_specialty(code="207XS0117X", name="Spine Surgery", slug="spine")
    catalog.load()
    data = QueryDict("procedure=balloon-kyphoplasty&specialty=spine&q=smith")
    with django_assert_num_queries(0):
        search = SpecialistFilter(data, queryset=SearchEntry.objects.all())
        assert search.is_valid(), search.errors
    assert search.form.cleaned_data["procedure"] == kyphoplasty


def test_a_change_saved_here_is_seen_at_once(kyphoplasty):
    assert catalog.procedure("kyphoplasty").name == "Balloon Kyphoplasty"
    kyphoplasty.name = "Kyphoplasty"
    kyphoplasty.save()
    assert catalog.procedure("kyphoplasty").name == "Kyphoplasty"
    assert [p.name for p in catalog.procedures()] == ["Kyphoplasty"]
    ProcedureSynonym.objects.filter(procedure=kyphoplasty).get().delete()
    assert catalog.procedure("kyphoplasty with balloon") is None


def test_another_process_change_is_seen_after_the_ttl_or_on_a_miss(
    kyphoplasty, monkeypatch
):
    catalog.load()
    # Written where this process's signals do not see it (another process).
    Procedure.objects.filter(pk=kyphoplasty.pk).update(name="Kyphoplasty")
    Procedure.objects.bulk_create([Procedure(name="Vertebroplasty", slug="vp")])
    assert catalog.procedure("kyphoplasty").name == "Balloon Kyphoplasty"
    # Asked for a name it does not know, it reloads (at most once a second).
    monkeypatch.setattr(catalog_module, "MISS_RELOAD_SECONDS", 0)
    assert catalog.procedure("vertebroplasty").slug == "vp"
    assert catalog.procedure("kyphoplasty").name == "Kyphoplasty"
    # Otherwise after the TTL.
    Procedure.objects.filter(slug="vp").update(name="Vertebroplasty (VP)")
    assert catalog.procedure("vp").name == "Vertebroplasty"
    monkeypatch.setattr(catalog_module, "CATALOG_TTL_SECONDS", -1)
    assert catalog.procedure("vp").name == "Vertebroplasty (VP)"
