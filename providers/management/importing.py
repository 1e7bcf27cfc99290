"""What the import commands share: their options, their errors, their report."""

import json
from argparse import ArgumentTypeError
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from providers.importers.common import default_rejects, parse_month
from providers.importers.copying import ImportFileError


def month_argument(text: str):
    try:
        return parse_month(text)
    except ValueError as error:
        raise ArgumentTypeError(str(error)) from error


class ImportCommand(BaseCommand):
    """An import of one file: FILE, --month, --rejects, --summary-json,
    --no-progress. Subclasses set `label`, `rejects_name` and `run`."""

    label = ""
    rejects_name = ""

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The CSV file, or a zip of it.")
        parser.add_argument(
            "--month",
            type=month_argument,
            help="The month the file is of, such as 2026-11 (default: the "
            "file's modification time). An older month than the last one "
            "imported is refused.",
        )
        parser.add_argument(
            "--rejects",
            type=Path,
            default=default_rejects(self.rejects_name),
            help="Where rejected lines go: file, line, npi, reason "
            f"(default: .data/rejects/{self.rejects_name}).",
        )
        parser.add_argument(
            "--summary-json",
            type=Path,
            help="Also write the counts here as JSON (read, created, updated, "
            "unchanged, skipped, rejected, conflicts, seconds, and the parts).",
        )
        parser.add_argument(
            "--no-progress", action="store_true", help="No progress bar or steps."
        )

    def run(self, options, *, progress: bool, log):
        raise NotImplementedError

    def handle(self, *args, **options):
        verbose = options["verbosity"] >= 1
        progress = verbose and not options["no_progress"]
        summary_path = options["summary_json"]
        if summary_path and not summary_path.parent.is_dir():
            raise CommandError(f"{summary_path.parent}: no such folder.")
        try:
            summary = self.run(
                options, progress=progress, log=self.stdout.write if progress else None
            )
        except ImportFileError as error:
            raise CommandError(str(error)) from error
        except KeyboardInterrupt:
            raise CommandError(
                "Interrupted: nothing of this file was imported."
            ) from None
        result = summary.as_dict()
        if summary_path:
            summary_path.write_text(json.dumps(result, indent=2) + "\n")
        rate = result["read"] / summary.seconds if summary.seconds else 0
        self.stdout.write(
            f"{self.label}: {summary.line()}; {summary.seconds:.1f} s "
            f"({rate:,.0f} lines/s). Rejected lines: {options['rejects']}"
        )
