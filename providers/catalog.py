"""Procedures and specialties, kept in each server process.

A handful of rows that every search reads (the form looks up what was typed,
the page lists them, results name them) and the admin changes rarely. Each
process loads them in three small queries and answers from memory after that:
it reloads after CATALOG_TTL_SECONDS, at once when a result carries an id it
has not seen or a search names something it does not know (at most once a
second), and whenever this process saves or deletes one (signals, connected in
`ProvidersConfig.ready`). Another process sees an edit within the TTL.
"""

import time
from dataclasses import dataclass

from providers.models import Procedure, ProcedureSynonym, Specialty

CATALOG_TTL_SECONDS = 300
# A search for a name nobody knows reloads, to find a procedure just added;
# not more often than this, whatever is typed.
MISS_RELOAD_SECONDS = 1


@dataclass(frozen=True)
class Named:
    pk: int
    name: str
    slug: str
    code: str = ""


class Catalog:
    """Procedure and specialty rows, by id and by the names a search may use."""

    def __init__(self):
        self.clear()

    def clear(self) -> None:
        self.loaded_at = float("-inf")
        self._procedures: list[Procedure] = []
        self._specialties: list[Specialty] = []
        self._procedure_names: dict[int, Named] = {}
        self._specialty_names: dict[int, Named] = {}
        self._procedure_keys: dict[str, list[Procedure]] = {}

    def load(self) -> None:
        procedures = list(Procedure.objects.all())
        specialties = list(Specialty.objects.all())
        synonyms = ProcedureSynonym.objects.values_list("procedure_id", "name")
        by_pk = {procedure.pk: procedure for procedure in procedures}
        keys: dict[str, list[Procedure]] = {}
        for procedure in procedures:
            keys.setdefault(f"slug:{procedure.slug}", []).append(procedure)
            keys.setdefault(f"name:{procedure.name.upper()}", []).append(procedure)
        for procedure_id, name in synonyms:
            keys.setdefault(f"name:{name.upper()}", []).append(by_pk[procedure_id])
        self._procedures, self._specialties = procedures, specialties
        self._procedure_keys = keys
        self._procedure_names = {p.pk: Named(p.pk, p.name, p.slug) for p in procedures}
        self._specialty_names = {
            s.pk: Named(s.pk, s.name, s.slug, s.code) for s in specialties
        }
        self.loaded_at = time.monotonic()

    def _fresh(self) -> None:
        if time.monotonic() - self.loaded_at > CATALOG_TTL_SECONDS:
            self.load()

    def _reload_after_miss(self) -> bool:
        if time.monotonic() - self.loaded_at > MISS_RELOAD_SECONDS:
            self.load()
            return True
        return False

    def procedures(self) -> list[Procedure]:
        """Every procedure, by name."""
        self._fresh()
        return list(self._procedures)

    def specialties(self) -> list[Specialty]:
        """Every specialty, by name."""
        self._fresh()
        return list(self._specialties)

    def procedure(self, text: str) -> Procedure | None:
        """The procedure whose slug is `text`, or whose name or a synonym is
        `text` ignoring case ("-" read as a space); the first by name when
        several are. As `Procedure.objects.filter(...).first()` would."""
        self._fresh()
        found = self._find_procedure(text)
        if found is None and self._reload_after_miss():
            found = self._find_procedure(text)
        return found

    def _find_procedure(self, text: str) -> Procedure | None:
        name = text.replace("-", " ").upper()
        matches = self._procedure_keys.get(f"slug:{text.lower()}", [])
        matches = matches + self._procedure_keys.get(f"name:{name}", [])
        return min(matches, key=lambda p: (p.name, p.pk), default=None)

    def specialty(self, text: str) -> Specialty | None:
        """The specialty whose slug, NUCC code or name (ignoring case) is
        `text`; the first by name when several are."""
        self._fresh()
        found = self._find_specialty(text)
        if found is None and self._reload_after_miss():
            found = self._find_specialty(text)
        return found

    def _find_specialty(self, text: str) -> Specialty | None:
        slug, code, name = text.lower(), text.upper(), text.upper()
        matches = [
            s
            for s in self._specialties
            if s.slug == slug or s.code == code or s.name.upper() == name
        ]
        return min(matches, key=lambda s: (s.name, s.pk), default=None)

    def names(self, procedure_ids, specialty_ids) -> tuple[list, list]:
        """The `Named` procedures and specialties of these ids, each by name."""
        self._fresh()
        unknown = not (
            self._procedure_names.keys() >= set(procedure_ids)
            and self._specialty_names.keys() >= set(specialty_ids)
        )
        if unknown:
            self.load()
        procedures, specialties = self._procedure_names, self._specialty_names
        return (
            sorted(
                (procedures[i] for i in procedure_ids if i in procedures),
                key=lambda named: named.name,
            ),
            sorted(
                (specialties[i] for i in specialty_ids if i in specialties),
                key=lambda named: named.name,
            ),
        )


catalog = Catalog()


def forget(**kwargs) -> None:
    """A signal receiver: this process's catalog is out of date."""
    catalog.clear()
