"""Provider self-service, moderation, and the public report form."""

from django.urls import path

from providers import moderation_views, views

app_name = "providers"
urlpatterns = [
    path("provider/", views.dashboard, name="dashboard"),
    path("provider/listing/edit/", views.edit_listing, name="edit_listing"),
    path("provider/listing/new/", views.new_listing, name="new_listing"),
    path("provider/listing/confirm/", views.confirm_listing, name="confirm_listing"),
    path("provider/requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("provider/claim/", views.find_listing, name="find_listing"),
    path("provider/claim/<slug:slug>/", views.claim_listing, name="claim_listing"),
    path("specialists/<slug:slug>/report/", views.report, name="report"),
    path(
        "specialists/<slug:slug>/report/thanks/",
        views.report_thanks,
        name="report_thanks",
    ),
    path("moderation/", moderation_views.queue, name="moderation_queue"),
    path(
        "moderation/changes/<int:pk>/",
        moderation_views.change_detail,
        name="moderate_change",
    ),
    path(
        "moderation/changes/<int:pk>/revert/",
        moderation_views.revert,
        name="revert_change",
    ),
    path(
        "moderation/claims/<int:pk>/",
        moderation_views.claim_detail,
        name="moderate_claim",
    ),
    path(
        "moderation/reports/<int:pk>/",
        moderation_views.report_detail,
        name="moderate_report",
    ),
    path(
        "moderation/listings/<int:pk>/",
        moderation_views.listing_detail,
        name="moderate_listing",
    ),
    path(
        "moderation/listings/<int:pk>/suspend/",
        moderation_views.suspend,
        name="suspend_listing",
    ),
    path(
        "moderation/listings/<int:pk>/restore/",
        moderation_views.restore,
        name="restore_listing",
    ),
    path("moderation/stale/", moderation_views.stale_listings, name="stale_listings"),
    path(
        "moderation/out-of-date/",
        moderation_views.out_of_date_listings,
        name="out_of_date_listings",
    ),
]
