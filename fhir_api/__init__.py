"""The FHIR R4 directory API (HL7 National Directory, NDH STU1 profiles), read-only."""
