"""Admin for what outside sources say: NPPES records, imports, Medicare volumes.

All read-only: the importers write them; moderators read them beside a listing
(an NPI's deactivation reason and date, the file its values came from).
"""

from django.contrib import admin

from providers.models import BillingCode, ImportRun, ServiceVolume, SourceRecord


class ReadOnlyInline(admin.StackedInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class SourceRecordInline(ReadOnlyInline):
    model = SourceRecord
    verbose_name = "NPPES record (as the registry gave it)"
    fields = [
        "source",
        "file_name",
        "file_date",
        "last_update",
        "imported_at",
        "deactivated_on",
        "deactivation_reason",
        "reactivated_on",
        "values",
    ]
    readonly_fields = fields


class ServiceVolumeInline(ReadOnlyInline, admin.TabularInline):
    model = ServiceVolume
    verbose_name = "Medicare Part B volume"
    fields = ["year", "procedure", "services", "beneficiaries"]
    readonly_fields = fields


class BillingCodeInline(admin.TabularInline):
    model = BillingCode
    extra = 0


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = ["file_name", "source", "started", "finished"]
    list_filter = ["source"]
    readonly_fields = ["source", "file_name", "started", "finished", "summary"]

    def has_add_permission(self, request):
        return False
