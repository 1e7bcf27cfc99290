"""The public pages."""

from django.shortcuts import render

from providers.models import Article, Procedure, Specialist


def home(request):
    procedures = Procedure.objects.all()
    return render(
        request,
        "directory/home.html",
        {
            "procedures": procedures,
            "articles": Article.objects.all()[:5],
            "specialist_count": Specialist.objects.published().count(),
        },
    )
