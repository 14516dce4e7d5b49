"""What bench/soak.py starts and stops: its own database, a private Elasticsearch node,
manage.py commands, and what it reads from the database (Django set up in this process).

    node = Node(run_dir)          # a free port, state in run_dir/elasticsearch
    node.start(); node.pause(); node.resume(); node.stop()

The node is run by a copy of scripts/elasticsearch taken when the run starts (and checked
with ``bash -n``): bash reads a script as it runs it, so an edit to the file during a
ten-minute run could otherwise break a start or stop half-way.
"""
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import urllib.error
import urllib.request
import uuid

import serving

ROOT = pathlib.Path(__file__).resolve().parent.parent
PLACES = ["CT9 1AE", "CT11 9HN", "CT10", "CT1 1", "Margate", "Canterbury", "Herne Bay", "Folkestone"]
PUBLISHED_ACTIVITIES = 60


class SoakError(Exception):
    """The set-up or the scenario could not go on."""


def say(message):
    from tqdm import tqdm

    tqdm.write(message, file=sys.stderr)


class Database:
    """SQLite in the run's folder, or a PostgreSQL database of its own (DB_ENGINE=postgresql)."""

    def __init__(self, run_dir, stamp):
        self.postgres = os.environ.get("DB_ENGINE") == "postgresql"
        self.path = run_dir / "db.sqlite3"
        self.name = f"lsd_soak_{stamp.replace('-', '_')}"
        # the server as the environment gave it, read now: setup_django() puts our DB_NAME there
        server = {key: os.environ.get(f"DB_{key.upper()}") for key in ("host", "port", "user", "password")}
        self.server = {key: value for key, value in server.items() if value}
        self.maintenance_db = os.environ.get("DB_NAME") or "postgres"
        self.created = False

    def env(self):
        if self.postgres:
            return {"DB_ENGINE": "postgresql", "DB_NAME": self.name}
        return {"DB_ENGINE": "sqlite", "DB_NAME": str(self.path)}

    def describe(self):
        if self.postgres:
            return f"PostgreSQL database {self.name} on {self.server.get('host', 'localhost')}:{self.server.get('port', 5432)}"
        return f"SQLite {self.path.relative_to(ROOT)}"

    def _server(self):
        import psycopg

        return psycopg.connect(dbname=self.maintenance_db, autocommit=True, **self.server)

    def create(self):
        if self.postgres:
            from psycopg import sql

            with self._server() as connection:
                connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(self.name)))
        self.created = True

    def drop(self):
        if not self.created:
            return
        if self.postgres:
            from django.conf import settings
            from psycopg import sql

            if settings.configured:
                from django.db import connections

                connections.close_all()
            with self._server() as connection:
                connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(self.name)))
        else:
            for suffix in ("", "-wal", "-shm"):
                pathlib.Path(f"{self.path}{suffix}").unlink(missing_ok=True)


class Node:
    """A private Elasticsearch node run by scripts/elasticsearch (as PrivateNode in
    tests/search/conftest.py): its own free port, and its state under ``var_dir``."""

    def __init__(self, var_dir):
        self.port = serving.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.var_dir = var_dir
        self.env = {**os.environ, "ES_PORT": str(self.port), "LSD_VAR_DIR": str(var_dir), "ES_START_TIMEOUT": "300"}
        self.script = var_dir / "scripts" / "elasticsearch"
        self.script.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / "scripts" / "elasticsearch", self.script)
        checked = subprocess.run(["bash", "-n", str(self.script)], capture_output=True, text=True)
        if checked.returncode != 0:
            raise SoakError(f"scripts/elasticsearch does not parse (being edited?): {checked.stderr.strip()}")
        self.started = self.starting = self.paused = False

    def run(self, command, timeout):
        return subprocess.run([str(self.script), command], env=self.env, capture_output=True, text=True, timeout=timeout)

    def start(self):
        self.started = self.starting = True
        done = self.run("start", timeout=420)
        self.starting = False
        if done.returncode != 0:
            raise SoakError(f"Could not start Elasticsearch on port {self.port}:\n{done.stderr[-2000:]}")

    def stop(self):
        self.resume()
        done = self.run("stop", timeout=120)
        if done.returncode != 0:
            raise SoakError(f"Could not stop Elasticsearch on port {self.port}:\n{done.stderr[-2000:]}")

    def pid(self):
        return int(self.run("pid", timeout=30).stdout.strip() or 0)

    def pause(self):
        pid = self.pid()
        if not pid:
            raise SoakError("No Elasticsearch pid to pause.")
        os.kill(pid, signal.SIGSTOP)
        self.paused = True

    def resume(self):
        if self.paused:
            pid = self.pid()
            if pid:
                os.kill(pid, signal.SIGCONT)
            self.paused = False

    def healthy(self):
        try:
            with urllib.request.urlopen(f"{self.url}/_cluster/health?wait_for_status=yellow&timeout=1s", timeout=5):
                return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            return False

    def request(self, path, body=None):
        """POST ``body`` (JSON; none for an empty POST) to the node; raises SoakError on failure."""
        data = json.dumps(body).encode() if body is not None else b""
        request = urllib.request.Request(f"{self.url}{path}", data=data, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.loads(response.read())
        except urllib.error.HTTPError as error:
            raise SoakError(f"Elasticsearch answered {error.code} to {path}: {error.read()[:500]!r}") from error
        except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
            raise SoakError(f"Elasticsearch did not answer {path}: {error}") from error


def manage(env, *arguments, timeout=1800, children=None):
    """Run ``manage.py`` with ``env``; returns its output, raises SoakError if it fails."""
    process = subprocess.Popen([sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if children is not None:
        children.append(process)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        output, _ = process.communicate()
        raise SoakError(f"manage.py {' '.join(arguments)} did not finish in {timeout} s:\n{output[-3000:]}")
    finally:
        if children is not None:
            children.remove(process)
    if process.returncode != 0:
        raise SoakError(f"manage.py {' '.join(arguments)} failed ({process.returncode}):\n{output[-3000:]}")
    return output


def soak_environment(database, node, prefix):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "portal.settings.dev"),
        **database.env(),
        "ELASTICSEARCH_URL": node.url,
        "ELASTICSEARCH_INDEX_PREFIX": prefix,
        "ELASTICSEARCH_COOL_DOWN": "5",
        "SEARCH_INDEX_WORKER": "inline",
        "DJANGO_DEBUG": "0",  # DEBUG keeps every SQL query in memory
        "DIRECTORY_SAMPLE_DATA": "1",
    }


def setup_django(env):
    os.environ.update(env)
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def create_superuser():
    from django.contrib.auth import get_user_model
    from django.db import connections

    password = uuid.uuid4().hex
    get_user_model().objects.create_superuser("soak", "soak@localhost", password)
    connections.close_all()
    return "soak", password


def read_catalogue(rng):
    """URLs to view, places and needs to search, and the activities to publish."""
    from django.db import connections

    from directory.models import ActivityPage, Need, OrganisationPage
    from search.backends.base import indexable_activities

    activities = list(ActivityPage.objects.live())
    organisations = list(OrganisationPage.objects.live())
    pages = ["/"] + [page.get_url() for page in activities + organisations]
    needs = sorted(Need.objects.values_list("slug", flat=True))
    pages += [f"/needs/{slug}/" for slug in needs]
    postcodes = sorted({page.postcode for page in organisations if page.postcode})
    publishable = sorted(indexable_activities().values_list("pk", flat=True))
    connections.close_all()
    return {
        "pages": [url for url in pages if url],
        "needs": needs,
        "places": PLACES + postcodes,
        "publish": rng.sample(publishable, min(PUBLISHED_ACTIVITIES, len(publishable))),
        "activities": len(activities),
    }


def capture(function):
    try:
        function()
    except Exception as error:  # handed to the main thread
        return error
    return None
