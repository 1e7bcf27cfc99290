"""The benchmark works: a tiny run on the test database, every figure printed,
every page the same as the exhaustive query's."""

import pytest

from bench import search
from tests.factories import make_location, make_procedure, make_specialist

pytestmark = [pytest.mark.system, pytest.mark.django_db]

# ZIP centroids of the benchmark's places (the gazetteer's).
PLACES = [(40.7506, -73.9971), (42.8738, -100.5421)]


@pytest.fixture
def directory():
    kyphoplasty = make_procedure(slug=search.PROCEDURE, name="Kyphoplasty")
    for latitude, longitude in PLACES:
        for n in range(6):
            make_specialist(
                locations=[
                    make_location(latitude=latitude + n * 0.02, longitude=longitude),
                    make_location(latitude=latitude - n * 0.03, longitude=longitude),
                ],
                procedures=[kyphoplasty] if n % 2 else [],
            )


def test_a_tiny_run_prints_every_figure_and_finds_the_exhaustive_answers(
    directory, capsys
):
    figures = search.main(
        ["--runs", "2", "--warmup", "0", "--pages", "1", "--explain", "--http"]
    )
    out = capsys.readouterr().out
    assert len(figures) == 8
    assert all(row["same"] for row in figures)
    assert "same 20 as exhaustive: 8/8" in out
    assert "EXPLAIN (ANALYZE, BUFFERS)" in out
    assert "worst GET /find/ p95" in out
