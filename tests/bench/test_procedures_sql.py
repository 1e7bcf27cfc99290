"""bench/procedures.sql, run on a database the importer filled, gives about a
quarter of the specialists kyphoplasty, through the schema as it is now."""

from pathlib import Path

import pytest
from django.db import connection

from providers.models import Procedure, Specialist
from tests.factories import make_specialist

pytestmark = [pytest.mark.system, pytest.mark.django_db]

SQL = Path(__file__).resolve().parents[2] / "bench" / "procedures.sql"


def test_procedures_sql_links_specialists_to_the_two_procedures():
    for _ in range(200):
        make_specialist()
    with connection.cursor() as cursor:
        cursor.execute(SQL.read_text())
        cursor.execute("SET session_replication_role = DEFAULT")
    kyphoplasty = Procedure.objects.get(slug="kyphoplasty")
    performing = Specialist.objects.filter(procedures=kyphoplasty).count()
    assert 20 < performing < 90  # 26% of 200, spread by a hash
    assert Procedure.objects.filter(slug="vertebroplasty").exists()
