"""The demo catalog: real NUCC specialties and spine procedures, in our own words."""

SPECIALTIES = [
    ("207X00000X", "Orthopaedic Surgery"),
    ("207XS0117X", "Orthopaedic Surgery of the Spine"),
    ("207T00000X", "Neurological Surgery"),
    ("208VP0014X", "Interventional Pain Medicine"),
    ("207LP2900X", "Anesthesiology, Pain Medicine"),
    ("208100000X", "Physical Medicine & Rehabilitation"),
    ("2081P2900X", "Physical Medicine & Rehabilitation, Pain Medicine"),
    ("2085R0204X", "Vascular & Interventional Radiology"),
    ("2084N0400X", "Neurology"),
]

# slug, name, synonyms, summary
PROCEDURES = [
    (
        "vertebroplasty",
        "Vertebroplasty",
        ["percutaneous vertebroplasty", "cement injection", "bone cement injection"],
        "A needle is guided into a broken vertebra under X-ray and medical bone "
        "cement is injected to hold the fracture still. It is used most often for "
        "painful compression fractures caused by osteoporosis.",
    ),
    (
        "kyphoplasty",
        "Kyphoplasty",
        ["balloon kyphoplasty", "percutaneous kyphoplasty", "vertebral augmentation"],
        "Like vertebroplasty, but a small balloon is first inflated inside the "
        "collapsed vertebra to make a space, which is then filled with bone cement. "
        "It can restore some of the bone's lost height.",
    ),
    (
        "microdiscectomy",
        "Microdiscectomy",
        ["microdecompression", "lumbar discectomy", "microlumbar discectomy"],
        "Through a small incision and with a microscope, the surgeon removes the part "
        "of a herniated disc that presses on a nerve root, most often to relieve "
        "sciatica.",
    ),
    (
        "lumbar-fusion",
        "Lumbar Spinal Fusion",
        ["spinal fusion", "lumbar fusion", "TLIF", "PLIF"],
        "Two or more vertebrae in the lower back are joined with bone graft, usually "
        "held by screws and rods while they heal into one bone, to stop painful "
        "motion or correct instability.",
    ),
    (
        "acdf",
        "Anterior Cervical Discectomy and Fusion",
        ["ACDF", "cervical fusion", "neck fusion"],
        "Through the front of the neck, a damaged disc is removed to take pressure "
        "off the spinal cord or nerves, and the space is fused with a spacer and a "
        "small plate.",
    ),
    (
        "laminectomy",
        "Laminectomy",
        ["decompression surgery", "lumbar decompression", "spinal decompression"],
        "Part of the bony arch at the back of a vertebra (the lamina) is removed to "
        "widen the spinal canal, most often for spinal stenosis.",
    ),
    (
        "foraminotomy",
        "Foraminotomy",
        ["foraminal decompression"],
        "The opening where a nerve root leaves the spine (the foramen) is enlarged "
        "so that the nerve is no longer pinched.",
    ),
    (
        "epidural-steroid-injection",
        "Epidural Steroid Injection",
        ["ESI", "epidural injection", "spinal steroid injection"],
        "An anti-inflammatory steroid is injected into the space around the spinal "
        "nerves, guided by X-ray, to calm pain that spreads into an arm or leg.",
    ),
    (
        "facet-joint-injection",
        "Facet Joint Injection",
        ["facet injection", "medial branch block"],
        "A numbing medicine, sometimes with a steroid, is injected into or beside "
        "the small joints at the back of the spine to find out whether they cause "
        "the pain, and to ease it.",
    ),
    (
        "radiofrequency-ablation",
        "Radiofrequency Ablation",
        ["RFA", "rhizotomy", "radiofrequency neurotomy"],
        "Heat from a needle tip turns off the small nerves that carry pain signals "
        "from arthritic facet joints. Relief often lasts many months.",
    ),
    (
        "spinal-cord-stimulation",
        "Spinal Cord Stimulation",
        ["SCS", "dorsal column stimulator", "spinal cord stimulator"],
        "Thin wires placed near the spinal cord deliver mild electrical pulses that "
        "change how pain is felt. A trial week comes before a permanent implant.",
    ),
    (
        "artificial-disc-replacement",
        "Artificial Disc Replacement",
        ["total disc replacement", "disc arthroplasty", "ADR"],
        "A worn disc is removed and replaced with a moving implant, keeping motion "
        "at that level instead of fusing it.",
    ),
    (
        "si-joint-fusion",
        "Sacroiliac Joint Fusion",
        ["SI joint fusion", "sacroiliac fusion"],
        "Implants are placed across the joint between the spine and the pelvis to "
        "stop painful movement there.",
    ),
    (
        "basivertebral-nerve-ablation",
        "Basivertebral Nerve Ablation",
        ["Intracept", "BVN ablation"],
        "Heat is used to turn off the nerve inside a vertebra that can carry pain "
        "from damaged vertebral endplates in long-standing low back pain.",
    ),
    (
        "minimally-invasive-spine-surgery",
        "Minimally Invasive Spine Surgery",
        ["MISS", "keyhole spine surgery", "endoscopic spine surgery"],
        "Spine operations done through small incisions with tubes or an endoscope, "
        "meant to spare the muscles and shorten recovery.",
    ),
]

SURGICAL = [
    "microdiscectomy",
    "lumbar-fusion",
    "acdf",
    "laminectomy",
    "foraminotomy",
    "artificial-disc-replacement",
    "si-joint-fusion",
    "minimally-invasive-spine-surgery",
    "kyphoplasty",
    "vertebroplasty",
]
INTERVENTIONAL = [
    "epidural-steroid-injection",
    "facet-joint-injection",
    "radiofrequency-ablation",
    "spinal-cord-stimulation",
    "basivertebral-nerve-ablation",
    "kyphoplasty",
    "vertebroplasty",
    "si-joint-fusion",
]

# specialty codes, credentials, the procedures people with them perform
PROFILES = [
    (["207X00000X", "207XS0117X"], "MD", SURGICAL),
    (["207T00000X"], "MD", SURGICAL),
    (["207XS0117X"], "DO", SURGICAL),
    (["208VP0014X", "207LP2900X"], "MD", INTERVENTIONAL),
    (["208100000X", "2081P2900X"], "DO", INTERVENTIONAL),
    (
        ["2085R0204X"],
        "MD",
        ["vertebroplasty", "kyphoplasty", "radiofrequency-ablation"],
    ),
    (["2084N0400X"], "MD", ["epidural-steroid-injection", "facet-joint-injection"]),
]

# city, state: spread over the country, Pittsburgh first (the article's home)
METROS = [
    ("Pittsburgh", "PA"), ("Philadelphia", "PA"), ("New York", "NY"),
    ("Boston", "MA"), ("Baltimore", "MD"), ("Washington", "DC"),
    ("Cleveland", "OH"), ("Columbus", "OH"), ("Detroit", "MI"),
    ("Chicago", "IL"), ("Indianapolis", "IN"), ("Milwaukee", "WI"),
    ("Minneapolis", "MN"), ("Saint Louis", "MO"), ("Kansas City", "MO"),
    ("Nashville", "TN"), ("Atlanta", "GA"), ("Charlotte", "NC"),
    ("Raleigh", "NC"), ("Richmond", "VA"), ("Miami", "FL"), ("Tampa", "FL"),
    ("Orlando", "FL"), ("New Orleans", "LA"), ("Houston", "TX"),
    ("Dallas", "TX"), ("Austin", "TX"), ("San Antonio", "TX"),
    ("Oklahoma City", "OK"), ("Denver", "CO"), ("Salt Lake City", "UT"),
    ("Phoenix", "AZ"), ("Albuquerque", "NM"), ("Las Vegas", "NV"),
    ("Los Angeles", "CA"), ("San Diego", "CA"), ("San Francisco", "CA"),
    ("Sacramento", "CA"), ("Portland", "OR"), ("Seattle", "WA"),
    ("Wheeling", "WV"), ("Erie", "PA"), ("Altoona", "PA"),
]  # fmt: skip

FIRST_NAMES = [
    "Aisha", "Alan", "Amir", "Ana", "Anjali", "Benjamin", "Carlos", "Catherine",
    "Chen", "Daniel", "David", "Elena", "Emily", "Farah", "Gabriel", "Grace",
    "Hannah", "Hiro", "Isabel", "James", "Javier", "Jennifer", "José", "Julia",
    "Kenji", "Laura", "Leah", "Li", "Lucas", "Maria", "Mark", "Mei", "Michael",
    "Miguel", "Nadia", "Nathan", "Nicole", "Olga", "Omar", "Patrick", "Priya",
    "Rachel", "Rafael", "Rebecca", "Robert", "Samuel", "Sarah", "Sofia",
    "Stephen", "Tariq", "Thomas", "Vivian", "Wei", "William", "Yusuf", "Zoë",
]  # fmt: skip
LAST_NAMES = [
    "Abbott", "Adeyemi", "Alvarez", "Banerjee", "Bauer", "Becker", "Brennan",
    "Castillo", "Chang", "Chen", "Cohen", "Costa", "Dąbrowski", "Delgado",
    "Dubois", "Edwards", "Farouk", "Fischer", "Fitzgerald", "García", "Gupta",
    "Hakimi", "Hansen", "Hernández", "Hoffman", "Ibrahim", "Ito", "Jensen",
    "Kaplan", "Kim", "Kowalski", "Larsen", "Le", "Lopez", "Malik", "Martin",
    "Moreau", "Müller", "Nakamura", "Nguyen", "Novak", "O'Brien", "Okafor",
    "Olsen", "Patel", "Petrov", "Quinn", "Ramirez", "Reyes", "Rossi", "Russo",
    "Sánchez", "Schneider", "Shah", "Silva", "Singh", "Sullivan", "Tanaka",
    "Tran", "Varga", "Wagner", "Walsh", "Weiss", "Yamamoto", "Zhang",
]  # fmt: skip
STREETS = [
    "Main Street", "Oak Avenue", "Medical Center Drive", "Park Boulevard",
    "Hospital Way", "Center Street", "Lincoln Avenue", "Washington Road",
    "Riverside Drive", "Health Plaza",
]  # fmt: skip
PRACTICE_WORDS = [
    "Spine Center", "Spine & Pain Institute", "Orthopaedic Associates",
    "Neurosurgery Group", "Pain Management Clinic", "Spine Care",
    "Bone & Joint Center", "Interventional Spine",
]  # fmt: skip
HOURS = [
    "Monday to Friday, 8 am to 5 pm",
    "Monday to Thursday, 7:30 am to 4:30 pm; Friday, 8 am to noon",
    "Monday, Wednesday and Friday, 9 am to 5 pm",
    "Monday to Friday, 8 am to 6 pm; Saturday, 9 am to 1 pm",
]
LANGUAGE_SETS = [
    ["en"], ["en"], ["en"], ["en", "es"], ["en", "es"], ["en", "zh"],
    ["en", "vi"], ["en", "fr"], ["en", "ar"], ["en", "ko"], ["en", "ru"],
    ["en", "hi", "gu"], ["en", "pt"], ["en", "ase"],
]  # fmt: skip

# HCPCS/CPT codes that bill a catalog procedure, in our own words (never the
# AMA's CPT descriptors). Add-on codes (another level) are not procedures of
# their own: their services are not counted.
# procedure slug, code, label, add-on
ESI = "epidural-steroid-injection"
BILLING_CODES = [
    ("kyphoplasty", "22513", "Kyphoplasty, thoracic vertebra", False),
    ("kyphoplasty", "22514", "Kyphoplasty, lumbar vertebra", False),
    ("kyphoplasty", "22515", "Kyphoplasty, each added vertebra", True),
    ("vertebroplasty", "22510", "Vertebroplasty, neck or upper back", False),
    ("vertebroplasty", "22511", "Vertebroplasty, lower back", False),
    ("vertebroplasty", "22512", "Vertebroplasty, each added vertebra", True),
    (ESI, "62321", "Epidural injection, neck or upper back", False),
    (ESI, "62323", "Epidural injection, lower back", False),
    (ESI, "64483", "Transforaminal epidural injection, lower back", False),
    (ESI, "64484", "Transforaminal epidural injection, added level", True),
    ("spinal-cord-stimulation", "63650", "Spinal cord stimulator lead", False),
]
