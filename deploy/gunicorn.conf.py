"""gunicorn settings for Marsad behind nginx (deploy/nginx/marsad.conf).

    gunicorn -c deploy/gunicorn.conf.py marsad.wsgi

Every value can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

from marsad.lib.logs import logging_config

# nginx talks to gunicorn on loopback only; nginx buffers slow clients' requests and
# uploads, so a sync worker is never held by a slow sender.
bind = os.environ.get("MARSAD_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("MARSAD_WEB_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# Pages answer in well under a second; long work (imports, packs) runs as jobs, so a
# request past 30 s is a fault: the worker is replaced and the person sees the error page.
timeout = 30
graceful_timeout = 30  # on HUP or TERM, requests in flight finish first
keepalive = 5
# Workers are replaced now and then (spread out), so a slow leak never grows for ever.
max_requests = 2000
max_requests_jitter = 200
# Its own control socket (gunicorn ≥ 23 opens one per user by default; two gunicorns
# of one user would take each other's).
control_socket = os.environ.get("MARSAD_GUNICORN_CONTROL", "var/run/gunicorn.ctl")
# The client's address and scheme from nginx (X-Forwarded-For / -Proto) are trusted
# from loopback only.
forwarded_allow_ips = "127.0.0.1,::1"

# One log format for every process (marsad/lib/logs.py): UTC with its offset, the
# request id on every line. The access line ends with the id Django gave the request
# (or took from nginx), so nginx's, gunicorn's and Django's lines meet.
logconfig_dict = logging_config(
    level=os.environ.get("MARSAD_LOG_LEVEL", "INFO"), as_json=os.environ.get("MARSAD_LOG_JSON") == "1"
)
accesslog = "-"
errorlog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(B)s %(M)sms id=%({x-request-id}o)s'
