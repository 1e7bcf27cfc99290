"""The search index's walk point: each row's point moved by 0.2 to 1.2 m in a
direction fixed by its id (a stored generated column), and the nearest-first
GiST index on it instead of on the point, so doctors sharing one point (a ZIP
centroid) come one after another in a walk instead of as one tie.

The formula is frozen here, as the index's SQL is: a change is a new migration.
Adding the column rewrites the table (a minute a million rows); no SQL of
providers/search/sql changes (the triggers never write the column).
"""

import django.contrib.gis.db.models.fields
import django.contrib.postgres.indexes
import django.db.models.expressions
import django.db.models.functions.math
from decimal import Decimal
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('providers', '0018_search_index_v4'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='searchentry',
            name='search_point_procedures_idx',
        ),
        migrations.AddField(
            model_name='searchentry',
            name='walk_point',
            field=models.GeneratedField(db_persist=True, expression=models.Func(models.F('point'), django.db.models.expressions.CombinedExpression(models.Value(Decimal('0.2')), '+', django.db.models.functions.math.Mod(django.db.models.expressions.CombinedExpression(models.F('id'), '*', models.Value(Decimal('0.7548776662466927'))), models.Value(Decimal('1')))), django.db.models.expressions.CombinedExpression(models.Value(Decimal('6.283185307179586')), '*', django.db.models.functions.math.Mod(django.db.models.expressions.CombinedExpression(models.F('id'), '*', models.Value(Decimal('0.6180339887498949'))), models.Value(Decimal('1')))), function='ST_Project', output_field=django.contrib.gis.db.models.fields.PointField(geography=True, srid=4326)), output_field=django.contrib.gis.db.models.fields.PointField(geography=True, spatial_index=False, srid=4326)),
        ),
        migrations.AddIndex(
            model_name='searchentry',
            index=django.contrib.postgres.indexes.GistIndex(models.F('walk_point'), django.contrib.postgres.indexes.OpClass('procedure_ids', name='gist__int_ops'), django.contrib.postgres.indexes.OpClass('specialty_ids', name='gist__int_ops'), name='search_walk_procedures_idx'),
        ),
    ]
