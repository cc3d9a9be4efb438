"""Gunicorn settings for Safepath in production (docs/deployment.md).

    gunicorn -c deploy/gunicorn.conf.py safepath.wsgi:application

Everything can be overridden with GUNICORN_CMD_ARGS or SAFEPATH_WEB_* below.
"""

import multiprocessing
import os

bind = os.environ.get("SAFEPATH_WEB_BIND", "127.0.0.1:8000")
# Pages wait on the database more than on the CPU: a few processes per core,
# each with a few threads.
workers = int(
    os.environ.get("SAFEPATH_WEB_WORKERS", str(multiprocessing.cpu_count() * 2 + 1))
)
worker_class = "gthread"
threads = int(os.environ.get("SAFEPATH_WEB_THREADS", "4"))
# A request longer than this is killed (its transaction rolls back); imports
# and matching run as background jobs, not in requests.
timeout = int(os.environ.get("SAFEPATH_WEB_TIMEOUT", "120"))
graceful_timeout = 30
keepalive = 5
# Recycle processes now and then, against slow leaks.
max_requests = 2000
max_requests_jitter = 200
# Access log without query strings or referrers: paths hold record ids only,
# never a name (searches are POSTed), but query strings and referrers are not
# Safepath's to vouch for.
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = "info"
forwarded_allow_ips = os.environ.get("SAFEPATH_WEB_FORWARDED_ALLOW_IPS", "127.0.0.1")
