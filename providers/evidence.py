"""What a profile says about the procedures a specialist performs, with its source.

A procedure counts as performed when the specialist declared it or Medicare
billed it. Medicare Part B volumes come from the latest data year imported;
CMS leaves out counts under 11 patients, so a declared procedure without a
row that year is "not shown", never zero.
"""

from dataclasses import dataclass

from django.db.models import Max

from providers.models import Procedure, ServiceVolume, Specialist

SOURCE = "Medicare Part B"
SUPPRESSED = "not shown: fewer than 11 Medicare patients"


@dataclass(frozen=True)
class ProcedureEvidence:
    procedure: Procedure
    declared: bool
    year: int | None = None
    services: int | None = None
    beneficiaries: int | None = None

    @property
    def volume(self) -> str:
        """The figures alone, for a list that names the source once:
        '1,370 procedures, at least 1,180 patients' (as `text`); '' when
        nothing was imported."""
        if self.year is None:
            return ""
        if self.services is None:
            return "not shown (fewer than 11 Medicare patients)"
        return (
            f"{self.services:,} procedure{'s' if self.services != 1 else ''}, "
            f"at least {self.beneficiaries:,} "
            f"patient{'s' if self.beneficiaries != 1 else ''}"
        )

    @property
    def text(self) -> str:
        """'Medicare Part B, 2023: 137 kyphoplasty procedures, at least 118
        patients' (patients are not added across billing codes: the largest
        single code's count)."""
        if self.year is None:
            return ""
        if self.services is None:
            return f"{SOURCE}, {self.year}: {SUPPRESSED}"
        return (
            f"{SOURCE}, {self.year}: {self.services:,} {self.procedure.name.lower()} "
            f"procedure{'s' if self.services != 1 else ''}, at least "
            f"{self.beneficiaries:,} patient{'s' if self.beneficiaries != 1 else ''}"
        )


def latest_medicare_year() -> int | None:
    """The latest data year of any imported Medicare volume. One query."""
    return ServiceVolume.objects.aggregate(year=Max("year"))["year"]


def procedure_evidence(specialist: Specialist) -> list[ProcedureEvidence]:
    """Declared and Medicare-billed procedures, by name. Two or three queries;
    uses a prefetched `procedures` when there is one."""
    year = latest_medicare_year()
    volumes = {}
    if year is not None:
        volumes = {
            v.procedure_id: v
            for v in ServiceVolume.objects.filter(
                specialist=specialist, year=year
            ).select_related("procedure")
        }
    declared = {p.pk: p for p in specialist.procedures.all()}
    procedures = {**{v.procedure_id: v.procedure for v in volumes.values()}, **declared}
    evidence = []
    for pk, procedure in sorted(procedures.items(), key=lambda item: item[1].name):
        volume = volumes.get(pk)
        evidence.append(
            ProcedureEvidence(
                procedure=procedure,
                declared=pk in declared,
                year=year,
                services=volume.services if volume else None,
                beneficiaries=volume.beneficiaries if volume else None,
            )
        )
    return evidence
