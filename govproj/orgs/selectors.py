"""Read queries on the organisation register."""

from .models import Organisation


def short_names(codes) -> dict[str, str]:
    """Short names by code in one query; a code missing from the register stands for itself."""
    codes = [c for c in codes if c]
    found = dict(Organisation.objects.filter(code__in=codes).values_list("code", "short_name"))
    return {code: found.get(code, code) for code in codes}
