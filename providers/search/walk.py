"""Where a search index row stands in a nearest-first walk: its walk point."""

from decimal import Decimal

from django.contrib.gis.db.models import PointField
from django.db.models import F, Func, Value
from django.db.models.functions import Mod

# A row's walk point is its point moved by 0.2 to 1.2 m in a direction fixed by
# its id: the fractional part of id x WALK_DISTANCE_STEP picks the distance, of
# id x WALK_AZIMUTH_STEP the share of a turn (two well-spread sequences, so no
# two rows of one point land together). Imported listings sit at their ZIP
# code's centroid, thousands at one point; ordered by (distance, id) a page had
# to walk the whole group to find its lowest ids. A metre apart, the rows of a
# group come one after another in the walk and a page reads what it shows.
# PostgreSQL computes it (a stored generated column: the triggers and the
# rebuild never write it), in numeric arithmetic, so a reader can compute it
# again exactly. The formula is frozen in migration 0019_search_walk_point.
WALK_OFFSET_M = (0.2, 1.2)
WALK_DISTANCE_STEP = Decimal("0.7548776662466927")
WALK_AZIMUTH_STEP = Decimal("0.6180339887498949")
TURN = Decimal("6.283185307179586")  # 2 pi radians


def _fraction_of_id(step: Decimal) -> Mod:
    return Mod(F("id") * Value(step), Value(Decimal(1)))


WALK_POINT = Func(
    F("point"),
    Value(Decimal(str(WALK_OFFSET_M[0]))) + _fraction_of_id(WALK_DISTANCE_STEP),
    Value(TURN) * _fraction_of_id(WALK_AZIMUTH_STEP),
    function="ST_Project",
    output_field=PointField(geography=True, srid=4326),
)
