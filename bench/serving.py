"""Shared by the benchmarks that serve the site: gunicorn on 127.0.0.1, and percentiles.

    process, base_url = start_gunicorn(env, workers=3)    # waits until it answers
    ...
    stop(process)
"""
import pathlib
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent


class ServerFailed(RuntimeError):
    """gunicorn exited, or did not answer in time."""


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


ACCESS_LOG_FORMAT = '%(t)s pid=%(p)s "%(r)s" %(s)s %(M)sms'


def start_gunicorn(env, workers=3, *, timeout=60, log_file=None, access_log=None, wait=60):
    """Serve ``portal.wsgi`` on a free loopback port with ``env`` as the whole environment.

    ``timeout`` is gunicorn's own limit per request. With ``log_file``, gunicorn's log and the
    workers' output (Django's tracebacks) go there; with ``access_log``, a line per request
    (time, worker pid, request, status, milliseconds). The process has its own session, so a
    Ctrl-C aimed at the caller leaves it to the caller's clean-up. Returns once a bad page
    number is answered (a 400 without searching), so the workers are up.
    """
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "portal.wsgi:application", "--bind", f"127.0.0.1:{port}",
               "--workers", str(workers), "--log-level", "warning", "--timeout", str(timeout)]
    if log_file:
        command += ["--error-logfile", str(log_file), "--capture-output"]
    if access_log:
        command += ["--access-logfile", str(access_log), "--access-logformat", ACCESS_LOG_FORMAT]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerFailed(f"gunicorn exited with status {process.returncode}")
        try:
            urllib.request.urlopen(f"{base_url}/api/search/?page=0", timeout=10)
        except urllib.error.HTTPError as error:
            if error.code == 400:
                return process, base_url
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    stop(process)
    raise ServerFailed(f"gunicorn did not answer within {wait:g} seconds")


def stop(process):
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def percentile(sorted_values, fraction):
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, int(-(-fraction * len(sorted_values) // 1)))
    return sorted_values[min(rank, len(sorted_values)) - 1]
