"""Placeholder until the pages are written."""

from django.http import HttpResponse


def overview(request, pk=None):
    return HttpResponse(status=501)


def imports(request, pk=None):
    return HttpResponse(status=501)


def payments(request, pk=None):
    return HttpResponse(status=501)


def doubts(request, pk=None):
    return HttpResponse(status=501)


def doubt(request, pk=None):
    return HttpResponse(status=501)


def cases(request, pk=None):
    return HttpResponse(status=501)


def case(request, pk=None):
    return HttpResponse(status=501)


def case_form(request, pk=None):
    return HttpResponse(status=501)


def case_docx(request, pk=None):
    return HttpResponse(status=501)


def attachment(request, pk=None):
    return HttpResponse(status=501)


def rules(request, pk=None):
    return HttpResponse(status=501)

