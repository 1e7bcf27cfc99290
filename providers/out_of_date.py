"""Why a listing may be out of date, in the words the moderators' queue uses.

Reads the annotations of `SpecialistQuerySet.possibly_out_of_date`.
"""

from providers.models import Specialist
from providers.querysets import UNCONFIRMED_AFTER_MONTHS


def out_of_date_reasons(specialist: Specialist) -> list[str]:
    """One sentence per reason: not confirmed for 24 months (with each
    source's last word), gone from every public file that listed it."""
    reasons = []
    if specialist.unconfirmed:
        said = [
            f"{label} {when}"
            for label, when in (
                ("NPPES last updated", _month(specialist.nppes_updated)),
                ("Medicare enrollment last", _month(specialist.medicare_month)),
                ("Medicare claims last", specialist.claims_year),
                ("provider last verified", _month(specialist.last_verified)),
            )
            if when
        ]
        if said:
            reasons.append(
                f"No source has confirmed it for {UNCONFIRMED_AFTER_MONTHS} months "
                f"(last: {', '.join(said)})."
            )
        else:
            reasons.append("No source has ever confirmed it.")
    if specialist.gone:
        gone = []
        if specialist.nppes_deactivated:
            on = specialist.nppes_deactivated
            gone.append(f"NPPES deactivated the NPI on {on:%B %-d, %Y}")
        if specialist.enrollment_month:
            gone.append(
                "last in Medicare's Doctors and Clinicians file in "
                f"{specialist.enrollment_month:%B %Y}"
            )
        if specialist.claims_year:
            gone.append(f"last in Medicare claims for {specialist.claims_year}")
        reasons.append(
            f"Gone from every public file that listed it ({'; '.join(gone)})."
        )
    return reasons


def _month(day) -> str:
    return f"{day:%B %Y}" if day else ""
