"""Which worker process runs a job, and whether that process still lives.

A job records "host:pid" of the process running it. On the same host a
process that no longer exists has died (SIGKILL, a crash, a reboot), so its
job can be marked at once; on another host only the heartbeat tells
(services.jobs_recover)."""

import os
import socket

# Jobs this process is running now: never taken for dead.
running_here: set[str] = set()


def worker_name() -> str:
    # Read each time: a forked worker has a new pid.
    return f"{socket.gethostname()}:{os.getpid()}"


def worker_is_gone(worker: str, job_id: str) -> bool:
    host, _, pid_text = worker.rpartition(":")
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        # This very process (a pid reused after a restart, as in a
        # container): alive only if it is running the job now.
        return job_id not in running_here
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, under another user
    return False


def progress_key(job_id: str) -> str:
    """The cache entry with a running job's latest progress: the database
    row may be locked by the job's own transaction (SQLite), the cache,
    shared by the processes of one host, is not."""
    return f"safepath-job-progress:{job_id}"
