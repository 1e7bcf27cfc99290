"""Import the CMS Doctors and Clinicians files and Hospital General Information.

Monthly, in this order after NPPES: hospitals (by CCN), the national file
(clinicians' practice locations, groups, Medicare assignment, education), then
Facility Affiliation (clinician -> hospital). Each COPYs its file into staging
and works set-based; see docs/data.md.
"""
