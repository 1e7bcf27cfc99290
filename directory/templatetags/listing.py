"""Filters for showing listing values as patients read them."""

import re

from django import template

register = template.Library()


@register.filter
def phone(value: str) -> str:
    """4125550100 -> (412) 555-0100; anything else as it was written."""
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10 or len(re.sub(r"[\d\s().+-]", "", value)) > 0:
        return value
    return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"


@register.filter
def tel(value: str) -> str:
    """The digits of a phone number, for a tel: link."""
    return re.sub(r"[^\d+]", "", value or "")
