"""Builds the site's own US basemap (a PMTiles archive) from installed public data."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from geo.basemap import MAX_ZOOM, build_basemap

ATLAS = settings.NODE_MODULES / "us-atlas" / "counties-10m.json"


class Command(BaseCommand):
    help = (
        "Write a small US basemap (land, state and county lines, state and city "
        "names; zooms 0 to 9) as a PMTiles archive, from the us-atlas npm "
        "package's Census shapes and the gazetteer's cities."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            default=settings.BUILT_BASEMAP_PATH,
            help="where to write it (default: %(default)s, the site's default)",
        )
        parser.add_argument(
            "--atlas",
            type=Path,
            default=ATLAS,
            help="the us-atlas counties TopoJSON (default: %(default)s)",
        )
        parser.add_argument("--max-zoom", type=int, default=MAX_ZOOM, choices=range(13))
        parser.add_argument(
            "--if-missing",
            action="store_true",
            help="do nothing when the output already exists",
        )

    def handle(self, *, output, atlas, max_zoom, if_missing, **options):
        if if_missing and output.exists():
            self.stdout.write(f"The basemap is already built: {output}")
            return
        if not atlas.is_file():
            raise CommandError(
                f"No us-atlas file at {atlas}: run scripts/setup.sh (npm ci) first."
            )
        started = time.monotonic()
        self.stdout.write(f"Building the basemap (zooms 0 to {max_zoom})...")
        summary = build_basemap(output, atlas=atlas, max_zoom=max_zoom)
        self.stdout.write(
            f"Wrote {output}: {summary.tiles:,} tiles ({summary.distinct:,} distinct), "
            f"{summary.bytes / 1e6:.1f} MB in {time.monotonic() - started:.0f} s."
        )
