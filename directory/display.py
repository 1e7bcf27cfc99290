"""How pages write registry values: phone numbers, address casing, distances."""

import re

PHONE = re.compile(
    r"^\D*(?:\+?1\D*)?\(?(\d{3})\)?\D*(\d{3})\D*(\d{4})"
    r"\s*(?:(?:ext\.?|extension|x|#)\s*(\d{1,6}))?\s*$",
    re.IGNORECASE,
)

# Words of an address that are abbreviations written in capitals.
CAPITALS = {
    "ne", "nw", "se", "sw", "po", "us", "ii", "iii", "iv", "vi", "vii", "viii", "llc",
}  # fmt: skip
ORDINAL = re.compile(r"^\d+(st|nd|rd|th)$", re.IGNORECASE)
HAS_DIGIT = re.compile(r"\d")
ELIDED = re.compile(r"^[A-Z]'[a-z]{2,}$")
WORD = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?|[^A-Za-z0-9]+")


def _us_phone(text: str) -> tuple[str, str, str, str | None] | None:
    match = PHONE.match(text or "")
    return match.groups() if match else None


def format_phone(text: str) -> str:
    """'4125550100' -> '(412) 555-0100' ('ext. 12' kept); other text as given."""
    parts = _us_phone(text)
    if parts is None:
        return text
    area, exchange, line, extension = parts
    formatted = f"({area}) {exchange}-{line}"
    return f"{formatted} ext. {extension}" if extension else formatted


def tel_number(text: str) -> str:
    """What follows "tel:" in a link: '+14125550100' (';ext=12'), or the
    digits as given when it is not a whole US number."""
    parts = _us_phone(text)
    if parts is None:
        return re.sub(r"[^\d+]", "", text or "")
    area, exchange, line, extension = parts
    number = f"+1{area}{exchange}{line}"
    return f"{number};ext={extension}" if extension else number


def address_case(text: str) -> str:
    """Registry casing made readable: 'Ste 4b' -> 'Ste 4B', 'Po Box 12' ->
    'PO Box 12', '100 Main St Ne' -> '100 Main St NE'. Ordinals ('1st') and
    words the registry already cased stay as they are."""
    out = []
    for token in WORD.findall(text or ""):
        if token.lower() in CAPITALS and not token.isupper():
            token = token.upper()
        elif HAS_DIGIT.search(token) and not ORDINAL.match(token):
            token = token.upper()  # unit numbers: 4B, 12A, B4
        elif ELIDED.match(token):
            token = token[:2] + token[2:].capitalize()  # O'Hara, D'Angelo
        out.append(token)
    text = "".join(out)
    # "P.o. Box" and "P O Box" as the registry spells them.
    return re.sub(r"\bP\.?\s?O\.?\s+Box\b", "PO Box", text, flags=re.IGNORECASE)


def about_miles(miles: float) -> str:
    """A distance to a ZIP's or city's centre, as rough as it is: 'under a mile',
    'about 1 mile', 'about 12 miles'."""
    if miles < 1:
        return "under a mile"
    whole = round(miles)
    return f"about {whole} mile{'s' if whole != 1 else ''}"
