"""The published column layouts of the files the importers read.

Importers find columns by these names in each file's header, never by
position; the generators write exactly these headers, in this order.
"""

# NPPES NPI data dissemination, main file npidata_pfile_*.csv: 330 columns.
_ADDRESS = [
    "Provider First Line Business {0} Address",
    "Provider Second Line Business {0} Address",
    "Provider Business {0} Address City Name",
    "Provider Business {0} Address State Name",
    "Provider Business {0} Address Postal Code",
    "Provider Business {0} Address Country Code (If outside U.S.)",
    "Provider Business {0} Address Telephone Number",
    "Provider Business {0} Address Fax Number",
]
NPPES_COLUMNS = [
    "NPI",
    "Entity Type Code",
    "Replacement NPI",
    "Employer Identification Number (EIN)",
    "Provider Organization Name (Legal Business Name)",
    "Provider Last Name (Legal Name)",
    "Provider First Name",
    "Provider Middle Name",
    "Provider Name Prefix Text",
    "Provider Name Suffix Text",
    "Provider Credential Text",
    "Provider Other Organization Name",
    "Provider Other Organization Name Type Code",
    "Provider Other Last Name",
    "Provider Other First Name",
    "Provider Other Middle Name",
    "Provider Other Name Prefix Text",
    "Provider Other Name Suffix Text",
    "Provider Other Credential Text",
    "Provider Other Last Name Type Code",
    *(name.format("Mailing") for name in _ADDRESS),
    *(name.format("Practice Location") for name in _ADDRESS),
    "Provider Enumeration Date",
    "Last Update Date",
    "NPI Deactivation Reason Code",
    "NPI Deactivation Date",
    "NPI Reactivation Date",
    "Provider Sex Code",
    "Authorized Official Last Name",
    "Authorized Official First Name",
    "Authorized Official Middle Name",
    "Authorized Official Title or Position",
    "Authorized Official Telephone Number",
    *(
        name.format(k)
        for k in range(1, 16)
        for name in (
            "Healthcare Provider Taxonomy Code_{}",
            "Provider License Number_{}",
            "Provider License Number State Code_{}",
            "Healthcare Provider Primary Taxonomy Switch_{}",
        )
    ),
    *(
        name.format(k)
        for k in range(1, 51)
        for name in (
            "Other Provider Identifier_{}",
            "Other Provider Identifier Type Code_{}",
            "Other Provider Identifier State_{}",
            "Other Provider Identifier Issuer_{}",
        )
    ),
    "Is Sole Proprietor",
    "Is Organization Subpart",
    "Parent Organization LBN",
    "Parent Organization TIN",
    "Authorized Official Name Prefix Text",
    "Authorized Official Name Suffix Text",
    "Authorized Official Credential Text",
    *(f"Healthcare Provider Taxonomy Group_{k}" for k in range(1, 16)),
    "Certification Date",
]
assert len(NPPES_COLUMNS) == 330

# Files before 2023 call the sex column by its old name.
NPPES_ALIASES = {"Provider Gender Code": "Provider Sex Code"}
TAXONOMY_SLOTS = range(1, 16)

# NPPES secondary practice locations, pl_pfile_*.csv. The second column really
# has two spaces after the hyphen.
_SECONDARY = "Provider Secondary Practice Location Address"
PL_COLUMNS = [
    "NPI",
    f"{_SECONDARY}- Address Line 1",
    f"{_SECONDARY}-  Address Line 2",
    f"{_SECONDARY} - City Name",
    f"{_SECONDARY} - State Name",
    f"{_SECONDARY} - Postal Code",
    f"{_SECONDARY} - Country Code (If outside U.S.)",
    f"{_SECONDARY} - Telephone Number",
    f"{_SECONDARY} - Telephone Extension",
    "Provider Practice Location Address - Fax Number",
]

# NUCC Health Care Provider Taxonomy code set (CSV version).
NUCC_COLUMNS = [
    "Code",
    "Grouping",
    "Classification",
    "Specialization",
    "Definition",
    "Notes",
    "Display Name",
    "Section",
]

# CMS Medicare Physician & Other Practitioners - by Provider and Service.
MEDICARE_COLUMNS = [
    "Rndrng_NPI",
    "Rndrng_Prvdr_Last_Org_Name",
    "Rndrng_Prvdr_First_Name",
    "Rndrng_Prvdr_MI",
    "Rndrng_Prvdr_Crdntls",
    "Rndrng_Prvdr_Ent_Cd",
    "Rndrng_Prvdr_St1",
    "Rndrng_Prvdr_St2",
    "Rndrng_Prvdr_City",
    "Rndrng_Prvdr_State_Abrvtn",
    "Rndrng_Prvdr_State_FIPS",
    "Rndrng_Prvdr_Zip5",
    "Rndrng_Prvdr_RUCA",
    "Rndrng_Prvdr_RUCA_Desc",
    "Rndrng_Prvdr_Cntry",
    "Rndrng_Prvdr_Type",
    "Rndrng_Prvdr_Mdcr_Prtcptg_Ind",
    "HCPCS_Cd",
    "HCPCS_Desc",
    "HCPCS_Drug_Ind",
    "Place_Of_Srvc",
    "Tot_Benes",
    "Tot_Srvcs",
    "Tot_Bene_Day_Srvcs",
    "Avg_Sbmtd_Chrg",
    "Avg_Mdcr_Alowd_Amt",
    "Avg_Mdcr_Pymt_Amt",
    "Avg_Mdcr_Stdzd_Amt",
]

# CMS Doctors and Clinicians, National Downloadable File
# (DAC_NationalDownloadableFile.csv): one line per clinician, enrollment,
# group and address; 31 columns, every value quoted.
DAC_COLUMNS = [
    "NPI",
    "Ind_PAC_ID",
    "Ind_enrl_ID",
    "Provider Last Name",
    "Provider First Name",
    "Provider Middle Name",
    "suff",
    "gndr",
    "Cred",
    "Med_sch",
    "Grd_yr",
    "pri_spec",
    "sec_spec_1",
    "sec_spec_2",
    "sec_spec_3",
    "sec_spec_4",
    "sec_spec_all",
    "Telehlth",
    "Facility Name",
    "org_pac_id",
    "num_org_mem",
    "adr_ln_1",
    "adr_ln_2",
    "ln_2_sprs",
    "City/Town",
    "State",
    "ZIP Code",
    "Telephone Number",
    "ind_assgn",
    "grp_assgn",
    "adrs_id",
]
assert len(DAC_COLUMNS) == 31

# CMS Doctors and Clinicians, Facility Affiliation (Facility_Affiliation.csv).
AFFILIATION_COLUMNS = [
    "NPI",
    "Ind_PAC_ID",
    "Provider Last Name",
    "Provider First Name",
    "Provider Middle Name",
    "suff",
    "facility_type",
    "Facility Affiliations Certification Number",
    "Facility Type Certification Number",
]

# CMS Hospitals, Hospital General Information
# (Hospital_General_Information.csv): the hospital's own columns, then
# measure counts the directory does not read.
HOSPITAL_COLUMNS = [
    "Facility ID",
    "Facility Name",
    "Address",
    "City/Town",
    "State",
    "ZIP Code",
    "County/Parish",
    "Telephone Number",
    "Hospital Type",
    "Hospital Ownership",
    "Emergency Services",
    "Meets criteria for birthing friendly designation",
    "Hospital overall rating",
    "Hospital overall rating footnote",
    *(
        name.format(group)
        for group in ("MORT", "Safety", "READM")
        for name in (
            "{} Group Measure Count",
            "Count of Facility {} Measures",
            "Count of {} Measures Better",
            "Count of {} Measures No Different",
            "Count of {} Measures Worse",
            "{} Group Footnote",
        )
    ),
    "Pt Exp Group Measure Count",
    "Count of Facility Pt Exp Measures",
    "Pt Exp Group Footnote",
    "TE Group Measure Count",
    "Count of Facility TE Measures",
    "TE Group Footnote",
]
assert len(HOSPITAL_COLUMNS) == 38

# Names earlier releases of the Doctors and Clinicians files, and the
# Provider Data Catalog's API export, give today's columns (headers.key
# already makes "Provider Last Name", "provider_last_name" and
# "PROVIDER LAST NAME" one name). Seen in the 2022 and earlier files
# (lst_nm, frst_nm, mid_nm, org_nm, cty, st, zip, phn_numbr) and in the API
# export (citytown, zip_code, telephone_number, facility_name).
DAC_ALIASES = {
    "lst_nm": "Provider Last Name",
    "frst_nm": "Provider First Name",
    "mid_nm": "Provider Middle Name",
    "org_nm": "Facility Name",
    "cty": "City/Town",
    "st": "State",
    "zip": "ZIP Code",
    "phn_numbr": "Telephone Number",
}
# The Facility Affiliation file of 2022 and before.
AFFILIATION_ALIASES = {
    "lst_nm": "Provider Last Name",
    "frst_nm": "Provider First Name",
    "mid_nm": "Provider Middle Name",
    "facility_afl_ccn": "Facility Affiliations Certification Number",
    "parent_ccn": "Facility Type Certification Number",
}
# Hospital General Information before 2023 ("Provider ID", "Hospital Name"
# in the oldest files).
HOSPITAL_ALIASES = {
    "Provider ID": "Facility ID",
    "Hospital Name": "Facility Name",
    "City": "City/Town",
    "County Name": "County/Parish",
    "Phone Number": "Telephone Number",
}
