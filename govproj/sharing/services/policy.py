"""Who takes each step of the sharing machines (``states``): the policy ``workflow.check`` asks for every page,
the API and the command line."""

from datetime import date

from ..models import AccessRequest, CityCatalogue, InformationSystem
from ..states import CATALOGUE
from .access import request_policy
from .cycle import _require_catalogue_lead
from .systems import _require_system_keeper


def catalogue_policy(by, catalogue: CityCatalogue, step: str, on: date) -> None:
    _require_catalogue_lead(by, catalogue.area, on, CATALOGUE[step].label)


def system_policy(by, system: InformationSystem, step: str, on: date) -> None:
    _require_system_keeper(by, system.owner)


POLICIES = {AccessRequest: request_policy, CityCatalogue: catalogue_policy, InformationSystem: system_policy}
