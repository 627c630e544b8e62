"""Marsad's production settings (debug off) plus one bench-only URL: the minimal DRF
endpoint the projects API is compared with, served by the same gunicorn."""

from marsad.settings import *  # noqa: F403

ROOT_URLCONF = "bench.server_urls"
