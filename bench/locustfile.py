"""Load scenarios for `bench/scale.py` (locust, headless).

- `MinimalUser` / `ProjectsApiUser` / `ProjectsApiSessionUser`: the same load on the
  minimal DRF endpoint and on `/api/v1/projects/` (50 per page) with a token and with
  a session cookie, for requests per second side by side.
- `PublicReader`: an anonymous reader of `/public/` asking once a second (200 of them:
  200 requests/s), for `bench/public.py`.
- `PeopleUser`: people at work — each signs in (Argon2 and all), then browses the pages
  used most, and one request in ten is a change (a project's description through the API
  with its version, as the page's form would send it).
"""

import json
import os
import random

from locust import FastHttpUser, between, constant, constant_throughput, task

TOKEN = os.environ.get("BENCH_TOKEN", "")
COOKIE = os.environ.get("BENCH_COOKIE", "")
PASSWORD = os.environ.get("BENCH_PASSWORD", "")
# [[username, [project codes they may read], may they change them?], ...]
PEOPLE = json.loads(os.environ.get("BENCH_PEOPLE", "[]"))
MEETING = os.environ.get("BENCH_MEETING", "")


class MinimalUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def minimal(self):
        self.client.get("/bench/minimal/", name="minimal DRF endpoint")


class ProjectsApiSessionUser(FastHttpUser):
    """The same list, signed in with a session cookie as a page's script would be."""

    wait_time = constant(0)

    @task
    def projects(self):
        self.client.get("/api/v1/projects/", headers={"Cookie": COOKIE}, name="projects API (session)")


class PublicReader(FastHttpUser):
    wait_time = constant_throughput(1)

    @task
    def public_page(self):
        self.client.get("/public/", name="/public/")


class ProjectsApiUser(FastHttpUser):
    wait_time = constant(0)

    @task
    def projects(self):
        self.client.get("/api/v1/projects/", headers={"Authorization": f"Token {TOKEN}"}, name="projects API")


class PeopleUser(FastHttpUser):
    wait_time = between(0.5, 2)

    def on_start(self):
        username, self.codes, self.may_write = random.choice(PEOPLE)
        self.client.get("/accounts/login/", name="sign-in page")
        self.csrf = self._cookie("csrftoken")
        response = self.client.post(
            "/accounts/login/",
            data={"username": username, "password": PASSWORD, "csrfmiddlewaretoken": self.csrf},
            headers={"Referer": self.host + "/accounts/login/"},
            name="sign in",
            allow_redirects=False,
        )
        assert response.status_code == 302, response.status_code
        self.csrf = self._cookie("csrftoken") or self.csrf

    def _cookie(self, name):
        for cookie in self.client.cookiejar:
            if cookie.name == name:
                return cookie.value
        return ""

    @task(2)
    def dashboard(self):
        self.client.get("/", name="dashboard")

    @task(1)
    def league(self):
        self.client.get("/entities/", name="league table")

    @task(6)
    def portfolio(self):
        self.client.get("/projects/", name="portfolio")

    @task(3)
    def portfolio_filtered(self):
        self.client.get("/projects/?status=execution&sort=-slippage", name="portfolio, filtered")

    @task(5)
    def project(self):
        self.client.get(f"/projects/{random.choice(self.codes)}/", name="project page")

    @task(3)
    def my_work(self):
        self.client.get("/my-work/", name="my work")

    @task(2)
    def obstacles(self):
        self.client.get("/obstacles/", name="obstacles board")

    @task(2)
    def indicators(self):
        self.client.get("/indicators/", name="indicators")

    @task(2)
    def meeting(self):
        self.client.get(f"/meetings/{MEETING}/", name="meeting page")

    @task(2)
    def api(self):
        self.client.get("/api/v1/projects/", name="projects API (signed in)")

    @task(3)
    def change(self):
        code = random.choice(self.codes)
        current = self.client.get(f"/api/v1/projects/{code}/", name="project API (read before change)")
        if current.status_code != 200 or not self.may_write:
            return
        with self.client.patch(
            f"/api/v1/projects/{code}/",
            json={"description": f"تحديث {random.randint(1, 10**6)}", "version": current.json()["version"]},
            headers={"X-CSRFToken": self.csrf, "Referer": self.host + "/projects/"},
            name="change a project (API)",
            catch_response=True,
        ) as response:
            if response.status_code == 409:
                response.success()  # someone else saved first: refused, as it must be
