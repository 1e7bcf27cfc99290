"""Forms for providers, the public report form, and moderators' decisions."""

from django import forms

from geo import gazetteer
from geo.geocoding import GeocodingError, geocode_address
from providers.listing_values import (
    LOCATION_FIELDS,
    RELATED_FIELDS,
    SCALAR_FIELDS,
    location_values,
)
from providers.models import (
    Claim,
    Language,
    Location,
    Procedure,
    Report,
    Specialist,
    Specialty,
)
from providers.validators import validate_npi

ADDRESS_FIELDS = ["address_line1", "city", "state", "zip_code"]


class ListingForm(forms.Form):
    """What a provider keeps current on their listing (locations apart)."""

    first_name = forms.CharField(max_length=100)
    middle_name = forms.CharField(max_length=100, required=False)
    last_name = forms.CharField(max_length=100)
    credentials = forms.CharField(
        max_length=100, required=False, help_text="As you write them: MD, DO."
    )
    bio = forms.CharField(
        label="About you",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="What patients should know: training, approach, the conditions "
        "you treat.",
    )
    languages = forms.MultipleChoiceField(
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Languages your office can see patients in.",
    )
    accepting_new_patients = forms.BooleanField(required=False)
    telehealth = forms.BooleanField(label="Offers telehealth", required=False)
    specialties = forms.ModelMultipleChoiceField(
        queryset=Specialty.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    procedures = forms.ModelMultipleChoiceField(
        queryset=Procedure.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Procedures you perform.",
    )

    def clean_first_name(self) -> str:
        return self.cleaned_data["first_name"].strip()

    def clean_middle_name(self) -> str:
        return self.cleaned_data["middle_name"].strip()

    def clean_last_name(self) -> str:
        return self.cleaned_data["last_name"].strip()

    def clean_languages(self) -> list[str]:
        # In the order of the choices, so the same set always compares equal.
        chosen = set(self.cleaned_data["languages"])
        return [code for code in Language.values if code in chosen]

    def clean_specialties(self) -> list[int]:
        return sorted(specialty.pk for specialty in self.cleaned_data["specialties"])

    def clean_procedures(self) -> list[int]:
        return sorted(procedure.pk for procedure in self.cleaned_data["procedures"])

    def values(self) -> dict:
        """The listing values this form edits (all but the locations)."""
        return {
            field: self.cleaned_data[field]
            for field in (*SCALAR_FIELDS, *RELATED_FIELDS)
        }


class NewListingForm(ListingForm):
    npi = forms.CharField(
        label="NPI",
        max_length=10,
        validators=[validate_npi],
        help_text="Your 10-digit National Provider Identifier.",
    )

    field_order = ["npi", "first_name", "middle_name", "last_name"]

    def clean_npi(self):
        npi = self.cleaned_data["npi"]
        if Specialist.objects.filter(npi=npi).exists():
            raise forms.ValidationError(
                "A listing with this NPI already exists. Find it under "
                "'Claim your listing' and claim it instead."
            )
        return npi

    def identity(self) -> dict:
        return {
            f: self.cleaned_data[f].strip()
            for f in ("npi", "first_name", "middle_name", "last_name")
        }


class LocationForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label="Practice name", max_length=200)
    address_line1 = forms.CharField(label="Street address", max_length=200)
    address_line2 = forms.CharField(
        label="Address line 2", max_length=200, required=False
    )
    city = forms.CharField(max_length=100)
    state = forms.CharField(
        max_length=2, min_length=2, help_text="Two letters, such as PA."
    )
    zip_code = forms.RegexField(
        label="ZIP code",
        regex=r"^\d{5}(-\d{4})?$",
        error_messages={"invalid": "Enter a 5-digit ZIP code, such as 15213."},
    )
    phone = forms.CharField(max_length=30, required=False)
    hours = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="As patients should read them: Mon-Fri 8am-5pm.",
    )

    def __init__(self, *args, own_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.own_ids = set(own_ids)

    def clean_id(self):
        # Only the listing's own locations can be edited; any other id is a
        # new location.
        pk = self.cleaned_data["id"]
        return pk if pk in self.own_ids else None

    def clean_state(self):
        state = self.cleaned_data["state"].strip().upper()
        if gazetteer.state_code(state) != state:
            raise forms.ValidationError("Use the two-letter state code, such as PA.")
        return state

    def clean(self):
        cleaned = super().clean()
        self.place = {}
        address_changed = not cleaned.get("id") or set(ADDRESS_FIELDS) & set(
            self.changed_data
        )
        if address_changed and not self.errors:
            try:
                place = geocode_address(
                    street=cleaned["address_line1"],
                    city=cleaned["city"],
                    state=cleaned["state"],
                    zip_code=cleaned["zip_code"],
                )
            except GeocodingError as error:
                self.add_error("zip_code", str(error))
                return cleaned
            if place is None:
                self.add_error(
                    "zip_code",
                    "We could not find this ZIP code or city. Please check both.",
                )
                return cleaned
            self.place = {
                "latitude": round(place.point.y, 6),
                "longitude": round(place.point.x, 6),
                "precision": place.precision,
            }
        return cleaned


LocationFormSet = forms.formset_factory(
    LocationForm, extra=1, can_delete=True, min_num=1, validate_min=True
)


def location_initial(locations: list[dict]) -> list[dict]:
    return [
        {"id": e.get("id"), **{f: e[f] for f in LOCATION_FIELDS}} for e in locations
    ]


def locations_from_formset(formset, current: list[Location]) -> list[dict]:
    """The formset's locations as change-request values, each with its point.

    An id that is not one of the listing's own locations is dropped, so a
    tampered form can only add a new location, never touch another listing's.
    An unchanged address keeps the point it has (which may be more exact than
    the gazetteer's).
    """
    own = {location.pk: location for location in current}
    entries = []
    for form in formset.forms:
        if not form.has_changed() and not form.cleaned_data.get("id"):
            continue
        if form.cleaned_data.get("DELETE"):
            continue
        data = form.cleaned_data
        location = own.get(data.get("id"))
        entry = {"id": location.pk if location else None}
        entry |= {f: data[f].strip() for f in LOCATION_FIELDS}
        if form.place:
            entry |= form.place
        elif location is not None:
            kept = location_values(location)
            entry |= {k: kept[k] for k in ("latitude", "longitude", "precision")}
        entries.append(entry)
    existing = sorted((e for e in entries if e["id"]), key=lambda e: e["id"])
    return existing + [e for e in entries if not e["id"]]


class ClaimForm(forms.ModelForm):
    class Meta:
        model = Claim
        fields = ["npi", "phone", "email", "note"]
        labels = {
            "npi": "Your NPI",
            "phone": "Practice phone number",
            "email": "Practice email address",
            "note": "Anything that helps us check",
        }
        help_texts = {
            "npi": "It must match the NPI on the listing.",
            "phone": "A phone number the practice answers, so we can call to "
            "check. Give a phone number or an email address.",
            "email": "An address at the practice's own domain, if it has one.",
        }

    def __init__(self, *args, specialist: Specialist, **kwargs):
        super().__init__(*args, **kwargs)
        self.specialist = specialist

    def clean_npi(self):
        npi = self.cleaned_data["npi"].strip()
        if npi != self.specialist.npi:
            raise forms.ValidationError("This NPI does not match the listing.")
        return npi

    def clean(self):
        cleaned = super().clean()
        if (
            not cleaned.get("phone")
            and not cleaned.get("email")
            and not (self.errors.get("email"))
        ):
            self.add_error("phone", "Give a practice phone number or email address.")
        return cleaned


class ReportForm(forms.ModelForm):
    class Meta:
        model = Report
        fields = ["what_is_wrong", "contact_name", "contact_email"]
        labels = {
            "what_is_wrong": "What is wrong on this page?",
            "contact_name": "Your name",
            "contact_email": "Your email address",
        }
        help_texts = {
            "what_is_wrong": "For example: a wrong phone number, a closed office, a "
            "procedure they do not perform. Please do not include health "
            "information.",
            "contact_email": "Only if you are happy for us to ask you about it.",
        }
        widgets = {"what_is_wrong": forms.Textarea(attrs={"rows": 5})}


class DecisionForm(forms.Form):
    """Approve or reject one request; a reason is required to reject."""

    decision = forms.ChoiceField(
        choices=[("approve", "Approve"), ("reject", "Reject")],
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label="Reason (required to reject; the provider will see it)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    force = forms.BooleanField(
        label="Apply anyway, replacing the newer live values",
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == "reject"
            and not cleaned.get("reason", "").strip()
        ):
            self.add_error("reason", "Give a reason: the provider will see it.")
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Reason", max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
