import pytest
from django.core.management import call_command
from django.db import connection, transaction

from articles.demo import load_demo_articles
from articles.models import Article
from providers.demo.loader import load_demo_data
from providers.models import Location, Procedure, Specialist, Specialty
from providers.validators import is_valid_npi

# system: the whole demo data set, loaded as `make run` loads it (hundreds of
# listings, then twice more to show nothing is created again), costs more than
# a third of the rest of the suite; `make test` runs it.
pytestmark = [pytest.mark.system, pytest.mark.django_db]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, loaded once for this module inside a transaction that is
    rolled back after it: no listing or history row outlives these tests (each
    test runs in a savepoint inside it)."""
    with django_db_blocker.unblock(), transaction.atomic():
        first = load_demo_data()
        first["articles"] = load_demo_articles()
        yield first
        transaction.set_rollback(True)


def test_demo_creates_several_hundred_published_specialists(demo):
    assert demo["specialists"] >= 300
    assert Specialist.objects.published().count() == demo["specialists"]


def test_running_the_loader_again_creates_nothing(demo):
    counts = {m: m.objects.count() for m in (Specialist, Location, Procedure)}
    again = load_demo_data()
    assert set(again.values()) == {0}
    assert counts == {m: m.objects.count() for m in counts}


def test_demo_npis_are_all_valid(demo):
    assert all(
        is_valid_npi(npi) for npi in Specialist.objects.values_list("npi", flat=True)
    )


def test_demo_has_spine_procedures_with_synonyms(demo):
    assert Procedure.objects.count() >= 15
    kyphoplasty = Procedure.objects.get(slug="kyphoplasty")
    assert "balloon kyphoplasty" in [s.name for s in kyphoplasty.synonyms.all()]


def test_a_fair_share_perform_vertebroplasty_and_kyphoplasty(demo):
    total = Specialist.objects.count()
    for slug in ("vertebroplasty", "kyphoplasty"):
        performing = Specialist.objects.filter(procedures__slug=slug).count()
        assert performing >= total * 0.2


def test_demo_specialists_near_pittsburgh_do_kyphoplasty(demo):
    assert Specialist.objects.filter(
        procedures__slug="kyphoplasty", locations__state="PA"
    ).exists()


def test_demo_specialties_use_real_nucc_codes(demo):
    assert Specialty.objects.get(code="207X00000X").name == "Orthopaedic Surgery"
    assert Specialty.objects.get(code="207T00000X").name == "Neurological Surgery"


def test_demo_article_discusses_both_procedures(demo):
    article = Article.objects.get(slug="vertebroplasty-and-kyphoplasty")
    assert {p.slug for p in article.procedures.all()} == {
        "vertebroplasty",
        "kyphoplasty",
    }
    assert "not medical advice" in article.body


def test_the_command_reports_what_it_created(demo, capsys):
    call_command("load_demo_data")
    assert "created 0 specialties" in capsys.readouterr().out


def test_the_loader_leaves_the_planner_statistics_up_to_date(demo):
    # Without them PostgreSQL plans the search as if the tables were empty.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE relname = 'providers_specialist'"
        )
        (estimated,) = cursor.fetchone()
    assert estimated == Specialist.objects.count()


@pytest.mark.django_db
def test_the_demo_shows_several_locations_a_group_hospitals_and_assignment(client):
    from providers.demo.loader import load_demo_data
    from providers.models import Enrollment

    load_demo_data()
    load_demo_data()  # twice: nothing doubles

    enrollment = Enrollment.objects.select_related("specialist").first()
    assert Enrollment.objects.count() == 4
    page = client.get(enrollment.specialist.get_absolute_url()).content.decode()
    assert page.count('class="location"') >= 3
    assert "Group: Demo Spine And Pain Associates" in page
    assert "Accepts Medicare assignment" in page
    assert "May accept Medicare assignment" in page
    assert "Demo University Hospital" in page


def test_the_demo_search_near_pittsburgh_finds_who_accepts_medicare(demo, client):
    from html import escape

    from providers.models import Enrollment

    enrolled = {
        e.specialist.display_name
        for e in Enrollment.objects.select_related("specialist")
    }
    page = client.get(
        "/find/", {"location": "15213", "accepts_medicare": "yes", "radius": "25"}
    ).content.decode()
    profile = client.get(
        Enrollment.objects.order_by("specialist__npi")
        .first()
        .specialist.get_absolute_url()
    ).content.decode()

    assert len(enrolled) == 4
    assert all(escape(name) in page for name in enrolled)
    assert "Education: Demo School Of Medicine, 1990" in profile
    assert "Hospital affiliations" in profile
