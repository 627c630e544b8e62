"""The one write path's cost: a change through the API and through the page (both run
the model's full validation), and the JSON parser's depth check on the largest body
the API accepts (10,000 measurement values). `bench/run.py writes`."""

import io
import json
import statistics
import time

from rest_framework.test import APIClient

from marsad.lib.api_parsers import BoundedJSONParser
from marsad.portfolio.models import Entity, Project

RUNS = 50


def _median_ms(call, runs=RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_writes(pmo) -> None:
    owner = Entity.objects.first()
    project = Project.objects.create(code="BENCH-W", name_ar="مشروع", owner=owner, status="execution")
    api = APIClient()
    api.force_authenticate(pmo)
    days = iter(range(1, 10_000))

    def api_change():
        day = next(days)
        body = {
            "version": Project.objects.get(pk=project.pk).version,
            "forecast_go_live": f"2027-01-{day % 28 + 1:02d}",
        }
        assert api.patch("/api/v1/projects/BENCH-W/", body, format="json").status_code == 200

    def api_refused():
        assert (
            api.patch("/api/v1/projects/BENCH-W/", {"version": 1, "status": "in_service"}, format="json").status_code
            == 400
        )

    from marsad.conftest import VerifiedClient

    page = VerifiedClient()
    page.force_login(pmo)

    def page_change():
        current = Project.objects.get(pk=project.pk)
        day = next(days)
        data = {
            "version": current.version,
            "status": "execution",
            "name_ar": "مشروع",
            "owner": owner.pk,
            "report_cadence_months": 1,
            "funding_currency": "SYP",
            "forecast_go_live": f"2027-02-{day % 28 + 1:02d}",
        }
        assert page.post("/projects/BENCH-W/edit/", data).status_code == 302

    values = [{"indicator": "X", "period": "2026-01-01", "breakdown": {"channel": "web"}, "value": "12.5"}] * 10_000
    body = json.dumps({"values": values}).encode()

    def parse_bounded():
        BoundedJSONParser().parse(io.BytesIO(body), parser_context={"encoding": "utf-8"})

    def parse_plain():
        json.loads(body)

    print(f"write path (median of {RUNS})")
    print(f"  PATCH a project through the API, validated by the model:   {_median_ms(api_change):7.1f} ms")
    print(f"  the same PATCH refused by the model (400):                  {_median_ms(api_refused):7.1f} ms")
    print(f"  the project form saved through the page:                    {_median_ms(page_change):7.1f} ms")
    print(
        f"  10,000-value bulk body ({len(body) / 1e6:.1f} MB): json.loads          {_median_ms(parse_plain, 10):7.1f} ms"
    )
    print(f"                                    parser with depth check  {_median_ms(parse_bounded, 10):7.1f} ms")
