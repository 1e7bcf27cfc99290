"""Filters that write registry values for people: phones, addresses, distances."""

from django import template

from directory import display

register = template.Library()

register.filter("phone", display.format_phone)
register.filter("tel", display.tel_uri)
register.filter("address", display.address_case)
register.filter("about_miles", display.about_miles)
