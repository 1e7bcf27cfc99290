"""Admin for articles and their referral counts."""

from django.contrib import admin

from articles.models import Article, ArticleReferral


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "published", "medically_reviewed"]
    search_fields = ["title", "body"]
    list_filter = ["procedures"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["procedures"]


@admin.register(ArticleReferral)
class ArticleReferralAdmin(admin.ModelAdmin):
    """Read-only: the counts are written by searches, never by hand."""

    list_display = ["day", "article", "procedure", "count"]
    list_filter = ["article", "procedure"]
    date_hierarchy = "day"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
