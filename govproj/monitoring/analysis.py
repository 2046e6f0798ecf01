"""Placeholder until the pages are written."""

from django.http import HttpResponse


def report(request, pk=None):
    return HttpResponse(status=501)


def export(request, pk=None):
    return HttpResponse(status=501)

