"""Canonical URLs and code systems the FHIR API uses, in one place.

From the HL7 National Directory of Healthcare Providers and Services (NDH) STU1
(1.0.0, FHIR 4.0.1) and the terminologies it binds.
"""

FHIR_VERSION = "4.0.1"
FHIR_JSON = "application/fhir+json"

NDH = "http://hl7.org/fhir/us/ndh"
PROFILE = {
    "Practitioner": f"{NDH}/StructureDefinition/ndh-Practitioner",
    "PractitionerRole": f"{NDH}/StructureDefinition/ndh-PractitionerRole",
    "Location": f"{NDH}/StructureDefinition/ndh-Location",
    "HealthcareService": f"{NDH}/StructureDefinition/ndh-HealthcareService",
    "Organization": f"{NDH}/StructureDefinition/ndh-Organization",
}

# Extensions.
NEW_PATIENTS = f"{NDH}/StructureDefinition/base-ext-newpatients"
VERIFICATION_STATUS = f"{NDH}/StructureDefinition/base-ext-verification-status"
# Status and where a Practitioner.qualification is valid (a state, by its USPS code).
PRACTITIONER_QUALIFICATION = (
    f"{NDH}/StructureDefinition/base-ext-practitioner-qualification"
)
# The distance of a `near` match, on Bundle.entry.search (FHIR core).
LOCATION_DISTANCE = "http://hl7.org/fhir/StructureDefinition/location-distance"
# NDH records when a listing was verified in a VerificationResult resource; we
# keep only the date, so it travels in an extension of our own.
OURS = "https://specialist-finder.example.org/fhir"
LAST_VERIFIED = f"{OURS}/StructureDefinition/last-verified"
# NDH has no element for Medicare assignment (whether the clinician takes
# Medicare's approved amount as full payment at this location): an extension
# of our own, its code from a code system of our own.
MEDICARE_ASSIGNMENT = f"{OURS}/StructureDefinition/medicare-assignment"
MEDICARE_ASSIGNMENT_CODES = f"{OURS}/CodeSystem/medicare-assignment"
# What kind of role a PractitionerRole is, in its `code`, where NDH's role codes
# say more than the source: Medicare's Facility Affiliation file links a
# clinician to a hospital without saying how (admitting privileges, attending).
ROLE_KIND = f"{OURS}/CodeSystem/practitioner-role-kind"
HOSPITAL_AFFILIATION = "hospital-affiliation"

# Code systems.
NPI = "http://hl7.org/fhir/sid/us-npi"
NUCC = "http://nucc.org/provider-taxonomy"
ACCEPTING_PATIENTS = f"{NDH}/CodeSystem/AcceptingPatientsCS"
VERIFICATION = f"{NDH}/CodeSystem/NdhVerificationStatusCS"
SERVICE_CATEGORY = (
    "http://terminology.hl7.org/CodeSystem/ndh-healthcare-service-category"
)
DEGREE = "http://terminology.hl7.org/CodeSystem/v2-0360"
# Organization.type (NDH OrgTypeCS): prvgrp, a provider group; fac, a facility.
ORGANIZATION_TYPE = f"{NDH}/CodeSystem/OrgTypeCS"
# CMS Certification Numbers: HL7 Terminology's NamingSystem "CCN" (its URL).
CCN = "http://terminology.hl7.org/NamingSystem/CCN"
# Medicare's PECOS Associate Control ID (PAC ID) of a group: neither HL7 nor
# CMS publishes a URI for it, so the system is ours (say so in docs/fhir.md).
PAC_ID = f"{OURS}/sid/medicare-pac-id"
IDENTIFIER_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0203"
LANGUAGE = "urn:ietf:bcp:47"
USPS_STATE = "https://www.usps.com/"
UCUM = "http://unitsofmeasure.org"

# Degrees from HL7 v2 table 0360 that specialists write as credentials.
DEGREES = {
    "MD": "Doctor of Medicine",
    "DO": "Doctor of Osteopathy",
    "PHD": "Doctor of Philosophy",
    "DPM": "Doctor of Podiatric Medicine",
    "DDS": "Doctor of Dental Surgery",
    "NP": "Nurse Practitioner",
    "PA": "Physician Assistant",
    "RN": "Registered Nurse",
}


def ndh_search_parameter(name: str) -> str:
    """The canonical URL of an NDH SearchParameter (practitionerrole-location)."""
    return f"{NDH}/SearchParameter/{name}"


def our_search_parameter(name: str) -> str:
    """The canonical URL of a search parameter of ours (no NDH or core one)."""
    return f"{OURS}/SearchParameter/{name}"


def core_search_parameter(name: str) -> str:
    """The canonical URL of a FHIR R4 SearchParameter, such as Location-near."""
    return f"http://hl7.org/fhir/SearchParameter/{name}"


# meta.tag of a resource with elements left out (_elements).
SUBSETTED = {
    "system": "http://terminology.hl7.org/CodeSystem/v3-ObservationValue",
    "code": "SUBSETTED",
    "display": "subsetted",
}
