"""Friendly error pages. The 403 names the rule's code when the engine refused."""

from __future__ import annotations

from django.shortcuts import render


def render_error(request, status: int, exception=None):
    return render(
        request,
        f"web/errors/{status}.html",
        {
            "code": getattr(exception, "code", ""),
            "message": getattr(exception, "message", ""),
            "article": getattr(exception, "article", ""),
        },
        status=status,
    )


def permission_denied(request, exception=None):
    return render_error(request, 403, exception)


def page_not_found(request, exception=None):
    return render_error(request, 404)


def server_error(request):
    # No context processors that touch the database: the error may be the database itself.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("web/errors/500.html").render({}))
