"""The finder template tags: the stable links and the embed snippet other sites use."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.urls import reverse

from tests.factories import make_procedure

pytestmark = pytest.mark.django_db


@pytest.fixture
def kyphoplasty():
    return make_procedure(name="Kyphoplasty", slug="kyphoplasty")


def render(template: str, **context) -> str:
    return Template("{% load finder %}" + template).render(Context(context))


def test_finder_url_builds_the_stable_link(kyphoplasty):
    assert reverse("directory:find") == "/find/"
    assert render('{% finder_url "kyphoplasty" %}') == "/find/?procedure=kyphoplasty"
    url = render(
        '{% finder_url p location="Pittsburgh, PA" from="cement" telehealth=True %}',
        p=kyphoplasty,
    )
    assert url == (
        "/find/?procedure=kyphoplasty&amp;location=Pittsburgh%2C+PA&amp;from=cement"
        "&amp;telehealth=true"
    )


def test_finder_url_uses_the_configured_base_for_other_sites(settings):
    settings.FINDER_BASE_URL = "https://finder.example.org/"
    assert render('{% finder_url "acdf" %}') == (
        "https://finder.example.org/find/?procedure=acdf"
    )


def test_finder_link_names_the_procedure(kyphoplasty):
    html = render("{% finder_link p %}", p=kyphoplasty)
    assert html == (
        '<a class="finder-link" href="/find/?procedure=kyphoplasty">'
        "Find a specialist who performs kyphoplasty near you</a>"
    )
    assert ">Find a specialist near you</a>" in render('{% finder_link "acdf" %}')


def test_finder_url_refuses_an_unknown_parameter():
    with pytest.raises(TemplateSyntaxError, match="no parameter zip"):
        render('{% finder_url "acdf" zip="15213" %}')
