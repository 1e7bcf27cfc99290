"""Template context for the navigation: is the signed-in account a moderator?"""

from functools import partial

from providers.moderation_views import is_moderator


def moderation(request):
    # A callable: the template calls it (one query) only when it is used.
    return {"is_moderator": partial(is_moderator, request.user)}
