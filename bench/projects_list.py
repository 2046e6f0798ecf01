"""Project list at 50,000 projects: query count and latency of the pages the UI offers.

Run: ``.venv/bin/python bench/projects_list.py [--projects 50000]``. Uses a scratch SQLite file
(or ``DATABASE_URL`` if set) and prints, from one run, each page's time as a ratio of one full scan
of the projects table, so the figures compare across machines.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
scratch = tempfile.mkdtemp(prefix="govproj-bench-")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch}/bench.sqlite3")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "govproj.settings_test")
os.environ["GOVPROJ_VAR_DIR"] = scratch
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from govproj.accounts.services import role_grant, user_create  # noqa: E402
from govproj.common.roles import Role  # noqa: E402
from govproj.orgs.models import Organisation  # noqa: E402
from govproj.projects.models import Project  # noqa: E402
from govproj.projects.states import State  # noqa: E402


def timed(fn, repeat=3):
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=50_000)
    n = parser.parse_args().projects
    call_command("migrate", verbosity=0)
    call_command("load_organisations", verbosity=0)
    units = list(Organisation.objects.all())
    rng = random.Random(7)
    states = list(State.values)
    start = time.perf_counter()
    Project.objects.bulk_create([Project(
        code=f"SZQZ-B-{i:07d}", name=f"数字钦州建设项目{i}", unit=rng.choice(units), category="egov",
        declaration_type=rng.choice(["annual", "special"]), plan_year=rng.randint(2023, 2027),
        total_investment=Decimal(rng.randint(100_000, 50_000_000)), state=rng.choice(states),
    ) for i in range(n)], batch_size=2000)
    print(f"loaded {n} projects in {time.perf_counter() - start:.1f} s")
    head = user_create(by=None, username="bench_head", password="Bench@Qinzhou2024", organisation=units[0])
    role_grant(by=None, user=head, role=Role.UNIT_HEAD)
    lead = user_create(by=None, username="bench_lead", password="Bench@Qinzhou2024",
                       organisation=Organisation.objects.get(code="dsj"))
    role_grant(by=None, user=lead, role=Role.LEAD_REVIEWER)

    scan, _rows = timed(lambda: list(Project.objects.values_list("id", "name", "state", "total_investment")))
    print(f"full scan of the projects table: {scan * 1000:.1f} ms")
    pages = {
        "lead: first page": (lead, "/projects/"),
        "lead: page 1000": (lead, "/projects/?page=1000"),
        "lead: year+state filter": (lead, "/projects/?plan_year=2025&state=constructing"),
        "lead: amount range, sorted": (lead, "/projects/?amount_min=1000000&amount_max=4000000&sort=-total_investment"),
        "lead: overdue": (lead, "/projects/?overdue=on"),
        "unit head: own unit": (head, "/projects/"),
        "api: first page": (lead, "/api/projects/"),
    }
    print(f"{'page':32} {'ms':>8} {'queries':>8} {'ratio to scan':>14}")
    for label, (user, url) in pages.items():
        client = Client()
        client.force_login(user)
        count = []
        # request_started resets Django's query log, so count through an execute wrapper instead.
        with connection.execute_wrapper(lambda execute, sql, params, many, context: count.append(sql) or execute(
                sql, params, many, context)):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        seconds, _resp = timed(lambda c=client, u=url: c.get(u))
        print(f"{label:32} {seconds * 1000:8.1f} {len(count):8d} {seconds / scan:14.2f}")


if __name__ == "__main__":
    main()
