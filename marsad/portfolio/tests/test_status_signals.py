"""Status signals tell the truth: a project in service is not "late"."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _row(page: str, code: str) -> str:
    return re.search(rf"<tr[^>]*>(?:(?!</tr>).)*?{code}(?:(?!</tr>).)*</tr>", page, re.S)[0]


def test_a_project_in_service_says_when_it_entered_service_against_plan_never_late(client, world):
    """CERT entered service on 1 February 2026 against a plan of 1 January: 31 days after."""
    client.force_login(world.committee)
    portfolio = client.get(reverse("portfolio:project_list")).content.decode()
    cert = _row(portfolio, "CERT")
    assert "دخل الخدمة بعد الموعد المخطط بـ31 يوماً" in cert
    assert "متأخر" not in cert and "text-danger" not in cert.split("slippage")[1][:40]
    page = client.get(reverse("portfolio:project_detail", args=["CERT"])).content.decode()
    assert "دخل الخدمة بعد الموعد المخطط بـ31 يوماً" in page and "متأخر 31" not in page
    # A project still to enter service, forecast four months behind its plan, is late, in red.
    registry = _row(portfolio, "NHR")
    assert re.search(r'class="slippage text-danger">متأخر \d+ يوماً', registry), registry
