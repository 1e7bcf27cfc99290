"""Filters for showing listing values as patients read them (directory/display.py)."""

from django import template

from directory import display

register = template.Library()

register.filter("phone", display.format_phone)  # 4125550100 -> (412) 555-0100
register.filter("tel", display.tel_number)  # href="tel:{{ phone|tel }}"
register.filter("address", display.address_case)  # Ste 4b -> Ste 4B
register.filter("about_miles", display.about_miles)  # 0.4 -> under a mile
