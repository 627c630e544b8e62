"""Project-wide checks: migrations, settings from the environment."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations():
    out = StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)
    except SystemExit:
        pytest.fail("Models and migrations disagree; run makemigrations:\n" + out.getvalue())


def start_settings(**env):
    """Import the settings in a fresh interpreter with exactly this environment."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MARSAD_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-c", "import marsad.settings"],
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_debug_off_refuses_to_start_without_secret_and_hosts():
    result = start_settings()
    assert result.returncode != 0
    assert "MARSAD_SECRET_KEY" in result.stderr
    assert "MARSAD_ALLOWED_HOSTS" in result.stderr


def test_debug_off_names_only_what_is_missing():
    result = start_settings(MARSAD_SECRET_KEY="x" * 50)
    assert result.returncode != 0
    assert "MARSAD_ALLOWED_HOSTS" in result.stderr
    assert "MARSAD_SECRET_KEY" not in result.stderr.split("ImproperlyConfigured")[-1]


def test_production_configuration_starts():
    assert start_settings(MARSAD_SECRET_KEY="x" * 50, MARSAD_ALLOWED_HOSTS="marsad.gov").returncode == 0


def test_a_misspelt_debug_value_is_refused():
    result = start_settings(MARSAD_DEBUG="maybe")
    assert result.returncode != 0
    assert "MARSAD_DEBUG must be 0 or 1" in result.stderr


def test_every_marsad_setting_read_from_the_environment_is_documented_in_the_readme():
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    read = set(re.findall(r'env_\w+\("(MARSAD_\w+)"', (root / "marsad" / "settings.py").read_text()))
    readme = (root / "README.md").read_text()
    assert len(read) >= 20
    assert {name for name in read if f"`{name}`" not in readme} == set()


def test_a_fresh_checkout_makes_var_readable_by_the_web_server(tmp_path):
    """nginx (another user) serves var/static: var/ must not be made 0700 as a side
    effect, as Django's file cache does for its folder's parents on the first job."""
    import shutil
    import stat
    from pathlib import Path

    source = Path(__file__).resolve().parents[2]
    shutil.copytree(source / "marsad", tmp_path / "marsad", ignore=shutil.ignore_patterns("__pycache__", "tests"))
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MARSAD_", "DJANGO_", "DATABASE_"))}
    touch_jobs_cache = (
        "import django, os; os.umask(0o022); django.setup(); "
        "from django.core.cache import caches; caches['jobs'].set('probe', 1)"
    )
    subprocess.run(
        [sys.executable, "-c", touch_jobs_cache],
        cwd=tmp_path,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "marsad.settings",
            "MARSAD_SECRET_KEY": "x" * 50,
            "MARSAD_ALLOWED_HOSTS": "marsad.gov",
            "PYTHONPATH": str(tmp_path),
        },
        check=True,
    )
    assert (tmp_path / "var" / "jobs").is_dir()
    mode = stat.S_IMODE((tmp_path / "var").stat().st_mode)
    assert mode & 0o005 == 0o005, f"var/ is {oct(mode)}: nginx could not reach var/static"


def cache_in_a_new_process(code: str, **env) -> str:
    """Run `code` against the production settings' default cache in a fresh process."""
    script = f"import django; django.setup(); from django.core.cache import cache; {code}"
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("MARSAD_", "DJANGO_"))}
    environment = {**clean, "MARSAD_DEBUG": "1", "DJANGO_SETTINGS_MODULE": "marsad.settings", **env}
    result = subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True)
    return result.stdout.strip()


@pytest.mark.parametrize("redis", ["", "redis://127.0.0.1:6379/0"], ids=["one machine", "redis"])
def test_what_one_worker_caches_every_other_worker_reads(redis):
    """A figure built by one web worker is served to the others (a cache of each
    worker's own would make every worker pay each rebuild)."""
    key = f"shared-{os.getpid()}-{bool(redis)}"
    cache_in_a_new_process(f"cache.set({key!r}, 'built once', 60)", MARSAD_REDIS_URL=redis)
    assert cache_in_a_new_process(f"print(cache.get({key!r}))", MARSAD_REDIS_URL=redis) == "built once"
    cache_in_a_new_process(f"cache.delete({key!r})", MARSAD_REDIS_URL=redis)
