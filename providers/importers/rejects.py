"""The rejects file every importer writes: rows it refused, with their line."""

import csv

# A spreadsheet runs a cell that begins with one of these as a formula:
# "=HYPERLINK(...)" copied from a source file must stay text (OWASP's "CSV
# injection"). A leading apostrophe makes it text, shown as written.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """`value` as a spreadsheet shows it without running it."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class RejectsWriter:
    """csv.writer for a rejects file, each cell made safe to open."""

    def __init__(self, file):
        self.writer = csv.writer(file)

    def writerow(self, row) -> None:
        self.writer.writerow([safe_cell(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)
