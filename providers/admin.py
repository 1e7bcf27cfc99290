"""Admin for the directory's data."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from leaflet.admin import LeafletGeoAdminMixin
from simple_history.admin import SimpleHistoryAdmin

from geo.points import make_point
from providers import services
from providers.admin_sources import (
    BillingCodeInline,
    ServiceVolumeInline,
    SourceRecordInline,
)
from providers.listing_values import snapshot
from providers.models import (
    ChangeRequest,
    Claim,
    Language,
    Location,
    Practice,
    Procedure,
    ProcedureSynonym,
    Report,
    Specialist,
    Specialty,
)


@admin.register(Specialty)
class SpecialtyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "slug"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}


class ProcedureSynonymInline(admin.TabularInline):
    model = ProcedureSynonym
    extra = 1


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "synonym_list"]
    search_fields = ["name", "slug", "synonyms__name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [ProcedureSynonymInline, BillingCodeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("synonyms")

    @admin.display(description="synonyms")
    def synonym_list(self, obj):
        return ", ".join(s.name for s in obj.synonyms.all())


class PracticeInline(admin.TabularInline):
    model = Practice
    extra = 0
    autocomplete_fields = ["location"]


class SpecialistAdminForm(forms.ModelForm):
    languages = forms.MultipleChoiceField(
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Specialist
        fields = "__all__"


@admin.register(Specialist)
class SpecialistAdmin(SimpleHistoryAdmin):
    form = SpecialistAdminForm
    list_display = [
        "display_name",
        "npi",
        "status",
        "accepting_new_patients",
        "last_verified",
        "updated",
    ]
    list_filter = [
        "status",
        "accepting_new_patients",
        "telehealth",
        "specialties",
        "procedures",
    ]
    search_fields = ["npi", "last_name", "first_name", "slug"]
    prepopulated_fields = {"slug": ["first_name", "last_name"]}
    filter_horizontal = ["specialties", "procedures"]
    autocomplete_fields = ["owner"]
    readonly_fields = ["created", "updated"]
    inlines = [PracticeInline, SourceRecordInline, ServiceVolumeInline]
    actions = ["publish", "suspend"]
    list_per_page = 50

    def save_model(self, request, obj, form, change):
        # The listing as it was, before the form's values are saved: an edit
        # here is a correction (services.record_admin_edit), recorded once
        # the practices and specialties are saved too.
        if change:
            request.listing_before = snapshot(Specialist.objects.get(pk=obj.pk))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            services.record_admin_edit(
                form.instance, before=request.listing_before, user=request.user
            )

    def get_readonly_fields(self, request, obj=None):
        # A listing's status changes only through the moderation services:
        # the actions below, and the moderation pages. A listing added here
        # starts as a draft (the add page too once offered "published").
        return [*self.readonly_fields, "status"]

    @admin.action(description="Publish the selected listings")
    def publish(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda specialist: services.publish_listing(
                specialist, moderator=request.user
            ),
            "published",
        )

    @admin.action(description="Suspend the selected listings (asks for a reason)")
    def suspend(self, request, queryset):
        form = SuspendForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return TemplateResponse(
                request,
                "admin/providers/specialist/suspend.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Suspend listings",
                    "opts": self.model._meta,
                    "form": form,
                    "listings": queryset,
                    "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
                },
            )
        reason = form.cleaned_data["reason"]
        self._each(
            request,
            queryset,
            lambda specialist: services.suspend_listing(
                specialist, moderator=request.user, reason=reason
            ),
            "suspended",
        )
        return None

    def _each(self, request, queryset, decide, done: str) -> None:
        """Decide each listing through its service, one transaction each."""
        changed = 0
        for specialist in queryset:
            try:
                decide(specialist)
            except services.ModerationError as error:
                messages.error(request, f"{specialist}: {error}")
            else:
                changed += 1
        messages.success(request, f"{changed} listing(s) {done}.")


class SuspendForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the listing's history.",
    )


class LocationAdminForm(forms.ModelForm):
    """The map places the point; latitude and longitude do the same without it."""

    latitude = forms.FloatField(
        required=False,
        min_value=-90,
        max_value=90,
        help_text="Decimal degrees, such as 40.4440. Overrides the map when changed.",
    )
    longitude = forms.FloatField(
        required=False,
        min_value=-180,
        max_value=180,
        help_text="Decimal degrees, such as -79.9552.",
    )

    class Meta:
        model = Location
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["point"].required = False
        if self.instance.point:
            self.initial["latitude"] = round(self.instance.point.y, 6)
            self.initial["longitude"] = round(self.instance.point.x, 6)

    def clean(self):
        cleaned = super().clean()
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        typed = {"latitude", "longitude"} & set(self.changed_data)
        if typed or not cleaned.get("point"):
            if latitude is None or longitude is None:
                raise forms.ValidationError(
                    "Place the point on the map, or give both latitude and longitude."
                )
            cleaned["point"] = make_point(latitude=latitude, longitude=longitude)
        return cleaned


@admin.register(Location)
class LocationAdmin(LeafletGeoAdminMixin, SimpleHistoryAdmin):
    form = LocationAdminForm
    list_display = ["name", "city", "state", "zip_code", "precision"]
    list_filter = ["precision", "state"]
    search_fields = ["name", "address_line1", "city", "zip_code", "phone"]
    readonly_fields = ["created", "updated"]
    fieldsets = [
        (None, {"fields": ["name", "phone", "hours"]}),
        (
            "Address",
            {"fields": ["address_line1", "address_line2", "city", "state", "zip_code"]},
        ),
        ("Map", {"fields": ["point", "latitude", "longitude", "precision"]}),
        ("Record", {"fields": ["created", "updated"]}),
    ]

    def save_model(self, request, obj, form, change):
        # A location's edit corrects the locations of every listing that
        # practises there (services.record_admin_edit).
        specialists = list(obj.specialists.all()) if change else []
        before = [(s, snapshot(s)) for s in specialists]
        super().save_model(request, obj, form, change)
        for specialist, values in before:
            services.record_admin_edit(specialist, before=values, user=request.user)


class DecidedAdmin(admin.ModelAdmin):
    """Read-only records of requests and decisions; decide on /moderation/."""

    list_filter = ["status"]
    date_hierarchy = "created"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ChangeRequest)
class ChangeRequestAdmin(DecidedAdmin):
    list_display = ["specialist", "kind", "status", "created", "decided_by"]
    list_filter = ["status", "kind"]
    search_fields = ["specialist__npi", "specialist__last_name"]


@admin.register(Claim)
class ClaimAdmin(DecidedAdmin):
    list_display = ["specialist", "user", "status", "created", "decided_by"]
    search_fields = ["specialist__npi", "specialist__last_name", "user__email"]


@admin.register(Report)
class ReportAdmin(DecidedAdmin):
    list_display = ["specialist", "status", "created", "decided_by"]
    search_fields = ["specialist__npi", "specialist__last_name", "what_is_wrong"]


admin.site.site_header = "Specialist Finder administration"
admin.site.site_title = "Specialist Finder admin"
