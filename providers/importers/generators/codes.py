"""Real codes the generators draw from: NUCC taxonomies and HCPCS codes."""

# NUCC codes of individuals, with a rough share of the registry's individuals
# (per 1,000). The spine codes (the demo catalog's) are about 5% together.
TAXONOMIES = [
    ("363L00000X", 60), ("363LF0000X", 80), ("163W00000X", 90),
    ("207Q00000X", 70), ("207R00000X", 80), ("363A00000X", 30),
    ("363AM0700X", 30), ("225100000X", 45), ("208D00000X", 20),
    ("207P00000X", 25), ("208000000X", 30), ("207V00000X", 20),
    ("2084P0800X", 20), ("103T00000X", 30), ("1041C0700X", 40),
    ("122300000X", 40), ("1223G0001X", 40), ("152W00000X", 20),
    ("183500000X", 40), ("207RC0000X", 15), ("2085R0202X", 15),
    ("207L00000X", 20), ("367500000X", 20), ("111N00000X", 25),
    ("208600000X", 15), ("207W00000X", 10), ("207N00000X", 10),
    ("225X00000X", 20), ("235Z00000X", 20), ("213E00000X", 10),
    ("207RG0100X", 10),
    # Spine and pain: the demo catalog's specialties.
    ("207X00000X", 12), ("207XS0117X", 4), ("207T00000X", 4),
    ("208VP0014X", 5), ("207LP2900X", 4), ("208100000X", 8),
    ("2081P2900X", 3), ("2085R0204X", 3), ("2084N0400X", 7),
]  # fmt: skip
ORGANIZATION_TAXONOMIES = ["261QM1300X", "282N00000X", "332B00000X", "261QP2000X"]
CREDENTIALS = {
    "363L": ["NP", "APRN", "FNP-C"], "163W": ["RN", "BSN, RN"],
    "363A": ["PA-C", "PA"], "2251": ["PT", "DPT"], "1223": ["DDS", "DMD"],
    "103T": ["PHD", "PSYD"], "1041": ["LCSW"], "152W": ["OD"],
    "1835": ["PHARMD", "RPH"], "3675": ["CRNA"], "111N": ["DC"],
    "225X": ["OTR/L"], "235Z": ["CCC-SLP"], "213E": ["DPM"],
}  # fmt: skip
PHYSICIAN_CREDENTIALS = ["M.D.", "MD", "D.O.", "DO", "M.D., PH.D."]

# HCPCS codes, our short description (never the AMA's CPT text), and a share
# of rows. The spine codes first: the demo catalog bills them.
HCPCS = [
    ("22513", "Kyphoplasty, thoracic", 3), ("22514", "Kyphoplasty, lumbar", 3),
    ("22515", "Kyphoplasty, each added level", 1),
    ("22510", "Vertebroplasty, cervicothoracic", 1),
    ("22511", "Vertebroplasty, lumbosacral", 1),
    ("22512", "Vertebroplasty, each added level", 1),
    ("62321", "Epidural injection, cervical or thoracic", 3),
    ("62323", "Epidural injection, lumbar or sacral", 5),
    ("64483", "Transforaminal epidural injection, lumbar", 5),
    ("64484", "Transforaminal epidural injection, each added level", 2),
    ("63650", "Spinal cord stimulator electrode, percutaneous", 1),
    ("99213", "Office visit, established patient, low complexity", 20),
    ("99214", "Office visit, established patient, moderate complexity", 20),
    ("99204", "Office visit, new patient, moderate complexity", 8),
    ("20610", "Large joint injection", 6), ("72148", "MRI lumbar spine", 3),
    ("97110", "Therapeutic exercise", 8), ("64493", "Facet joint injection, lumbar", 4),
]  # fmt: skip

# Display Names of the other codes above (the spine codes are in
# providers/demo/nucc_spine.csv).
DISPLAY_NAMES = {
    "363L00000X": "Nurse Practitioner", "363LF0000X": "Family Nurse Practitioner",
    "163W00000X": "Registered Nurse", "207Q00000X": "Family Medicine Physician",
    "207R00000X": "Internal Medicine Physician", "363A00000X": "Physician Assistant",
    "363AM0700X": "Medical Physician Assistant", "225100000X": "Physical Therapist",
    "208D00000X": "General Practice Physician",
    "207P00000X": "Emergency Medicine Physician", "208000000X": "Pediatrics Physician",
    "207V00000X": "Obstetrics & Gynecology Physician",
    "2084P0800X": "Psychiatry Physician", "103T00000X": "Psychologist",
    "1041C0700X": "Clinical Social Worker", "122300000X": "Dentist",
    "1223G0001X": "General Practice Dentist", "152W00000X": "Optometrist",
    "183500000X": "Pharmacist", "207RC0000X": "Cardiovascular Disease Physician",
    "2085R0202X": "Diagnostic Radiology Physician",
    "207L00000X": "Anesthesiology Physician",
    "367500000X": "Certified Registered Nurse Anesthetist",
    "111N00000X": "Chiropractor", "208600000X": "Surgery Physician",
    "207W00000X": "Ophthalmology Physician", "207N00000X": "Dermatology Physician",
    "225X00000X": "Occupational Therapist", "235Z00000X": "Speech-Language Pathologist",
    "213E00000X": "Podiatrist", "207RG0100X": "Gastroenterology Physician",
    "261QM1300X": "Multi-Specialty Clinic/Center",
    "282N00000X": "General Acute Care Hospital",
    "332B00000X": "Durable Medical Equipment & Medical Supplies",
    "261QP2000X": "Physical Therapy Clinic/Center",
}  # fmt: skip
