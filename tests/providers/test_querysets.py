import pytest

from geo.points import make_point
from tests.factories import (
    PITTSBURGH_15213,
)

pytestmark = pytest.mark.django_db

PITTSBURGH = make_point(**PITTSBURGH_15213)
# About 10 miles east of 15213, in Monroeville.
MONROEVILLE = {"latitude": 40.4312, "longitude": -79.7881}
