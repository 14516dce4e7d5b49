"""A bounded soak test on loopback: mixed traffic through gunicorn while Elasticsearch is
stopped and started twice, the index is rebuilt and the node is paused with SIGSTOP.

    python bench/soak.py                          # ten minutes, 4 clients
    python bench/soak.py --minutes 3 --clients 4 --seed 7

Everything it uses is its own, on 127.0.0.1, and is stopped at the end (also on Ctrl-C or an
error); the shared node on port 9200 and the development database are never touched:

- **a database**: SQLite at ``var/bench/soak-<time>/db.sqlite3``, or, when ``DB_ENGINE=postgresql``
  is set (with ``DB_HOST``, ``DB_PORT``, ``DB_USER``, ``DB_PASSWORD`` as portal/settings/base.py
  reads them, and ``DB_NAME`` a database to connect to first), a database of its own created on
  that server and dropped at the end. Migrated and loaded with the East Kent sample data as
  ``scripts/run`` does it (``migrate``, ``load_sample_data``, ``refresh_search_vectors``, on the
  database backend), plus a superuser for the admin;
- **an Elasticsearch node**, started with ``scripts/elasticsearch`` on a free port with its own
  ``LSD_VAR_DIR``, indexed with ``manage.py rebuild_directory_index`` under a unique prefix;
- **gunicorn** (``--workers`` sync workers, default 3) with ``ELASTICSEARCH_URL`` at that node,
  ``ELASTICSEARCH_COOL_DOWN=5`` and the outbox applied inline (``SEARCH_INDEX_WORKER=inline``).

``var/bench/soak-<time>/`` keeps ``gunicorn.log`` (with Django's tracebacks), ``access.log``
(worker pid and milliseconds per request) and ``requests.csv`` (every request the clients made);
the database and the node's data are deleted unless the run failed or ``--keep`` is given.

**Traffic**: ``--clients`` threads, each with its own session, in a closed loop with a pause of
0-100 ms: the search page and the JSON search API (words, postcodes, towns, needs, days, cost),
public pages (home, activities, organisations, needs) and publishes through the Wagtail admin
(the edit form read with html.parser and sent back with the title changed to "... [soak N]" and
``action-publish``). Each client publishes only its own share of 60 activities, so the
publishes of one activity are in order. A probe asks the JSON API four times a second after
each restart and resume, to time the return to Elasticsearch.

**Scenario** (when each event starts, as a share of ``--minutes``; an event never starts
before the one before it is over)::

    normal | stop (10%) .. start | restarted | rebuild (35%) | normal | stop (50%) .. start |
    restarted | SIGSTOP for 30 s (75%) | resumed | normal to the end

The node stays stopped 30 s (15 s in runs under 6 minutes) before it is started again, and a
start takes 20-90 s on a busy machine, so short runs last longer than ``--minutes``. Every
request counts in the phase it began in; "stopped" lasts until the node answers again;
"restarted" and "resumed" last 30 s (20 s in short runs), or longer until twelve searches in a
row come from Elasticsearch. A search answered by the database instead (the API's
``degraded``, the page's "simpler mode" message) is counted, not failed. **Lost changes**: at the end, with Elasticsearch healthy and up to 30 s of grace (one
search a second, since it is requests that drain the outbox when no worker runs), the index
is read through the alias, and every activity whose last published title is not the title
there is lost. Exit status 1 on any 5xx, request with no answer, lost change, publish not in
the database, or failed rebuild; 2 if the set-up fails; 130 on Ctrl-C.
"""
import argparse
import csv
import datetime
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import traceback
import uuid
from urllib.parse import urlencode

import serving  # bench/serving.py and the others next to this file (bench/ is sys.path[0])
from browser import Session, error_texts, form_fields
from serving import percentile
from soak_report import PHASES, passed, report
from soak_setup import (
    PLACES, ROOT, Database, Node, SoakError, capture, create_superuser, manage, read_catalogue, say, setup_django,
    soak_environment,
)

BENCH_DIR = ROOT / "var" / "bench"
WORDS = [
    "coffee morning", "walking group", "lonely since my wife died", "money worries", "debt advice",
    "carers support", "gardening", "something for my dad with dementia", "knit and natter", "mens shed",
    "anxiety", "art class", "diabetes", "help getting online", "exercise for older people", "food bank",
    "my husband died and she doesn't go out much, something on tuesday mornings", "young mums group",
    "volunteering", "someone to talk to in the evening", "chair yoga", "bereavement",
]
DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
PROBE_PATH = "/api/search/?" + urlencode({"q": "walking group", "postcode": "CT9 1AE"})
MARKER = re.compile(r" \[soak \d+\]$")


# -- the soak: traffic, the scenario, the results ----------------------------------------------


class Soak:
    def __init__(self, base_url, catalogue, args):
        self.base_url, self.catalogue, self.args = base_url, catalogue, args
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.phase = "normal"
        self.records = []  # (began s, kind, status, ms, phase, degraded or None)
        self.published = {}  # activity id -> [(title, s)], in order
        self.failed_publishes = 0
        self.shown_form_errors = False
        self.markers = iter(range(1, 10**9))
        self.events = []  # (s, text)
        self.transitions = [(0.0, "normal")]  # (s, phase it entered)
        self.recoveries = []  # (label, s the node answered again, s the window ended)
        self.problems = []
        self.t0 = None

    def now(self):
        return time.monotonic() - self.t0

    def record(self, kind, began, answer, degraded=None, phase=None):
        with self.lock:
            self.records.append((began, kind, answer.status, answer.seconds * 1000, phase or self.phase, degraded))

    def event(self, text):
        with self.lock:
            self.events.append((self.now(), text))
        say(f"[{self.now():6.1f} s] {text}")

    def set_phase(self, phase):
        self.phase = phase
        self.transitions.append((self.now(), phase))

    def wait_until(self, offset):
        while not self.stopping.is_set() and self.now() < offset:
            time.sleep(min(0.5, max(0.01, offset - self.now())))

    def counts(self):
        with self.lock:
            return len(self.records), sum(1 for r in self.records if isinstance(r[2], int) and r[2] >= 500)


class Client(threading.Thread):
    """One user session: searches, page views and publishes in a closed loop."""

    def __init__(self, soak, number, seed, publish_ids):
        super().__init__(daemon=True, name=f"soak-client-{number}")
        self.soak, self.rng, self.publish_ids = soak, random.Random(seed), publish_ids
        self.session = Session(soak.base_url)
        self.error = None

    def login(self, username, password):
        page = self.session.get("/admin/login/")
        fields = [(n, v) for n, v in form_fields(page.text) if n not in {"username", "password"}]
        answer = self.session.post("/admin/login/", fields + [("username", username), ("password", password)])
        if answer.status != 302:
            raise SoakError(f"Could not log in to the admin ({answer.status}): {error_texts(answer.text)}")

    def search_query(self):
        rng, catalogue = self.rng, self.soak.catalogue
        shape = rng.random()
        if shape < 0.35:
            return {"q": rng.choice(WORDS), "postcode": rng.choice(catalogue["places"])}
        if shape < 0.55:
            return {"q": rng.choice(WORDS)}
        if shape < 0.75:
            return {"postcode": rng.choice(catalogue["places"]), "need": rng.choice(catalogue["needs"]),
                    "day": rng.choice(DAYS)}
        if shape < 0.9:
            return {"postcode": rng.choice(catalogue["places"]), "radius": rng.choice(["1", "3", "5", "10"])}
        return {"q": rng.choice(WORDS), "postcode": rng.choice(catalogue["places"]), "cost": "free",
                "time": rng.choice(["morning", "afternoon", "evening"])}

    def search_page(self):
        began = self.soak.now()
        answer = self.session.get(f"/search/?{urlencode(self.search_query())}")
        self.soak.record("search page", began, answer, degraded="simpler mode" in answer.text if answer.status == 200 else None)

    def search_api(self):
        began = self.soak.now()
        answer = self.session.get(f"/api/search/?{urlencode(self.search_query())}")
        self.soak.record("search API", began, answer, degraded=api_degraded(answer))

    def page_view(self):
        began = self.soak.now()
        self.soak.record("page view", began, self.session.get(self.rng.choice(self.soak.catalogue["pages"])))

    def publish(self):
        soak = self.soak
        activity_id = self.rng.choice(self.publish_ids)
        path = f"/admin/pages/{activity_id}/edit/"
        began = soak.now()
        page = self.session.get(path)
        soak.record("admin edit page", began, page)
        if page.status != 200:
            return
        fields = form_fields(page.text, form_id="page-edit-form")
        titles = [value for name, value in fields if name == "title"]
        if not titles:
            soak.problems.append(f"no title field in the edit form of activity {activity_id}")
            return
        title = f"{MARKER.sub('', titles[0])} [soak {next(soak.markers)}]"
        fields = [(name, title if name == "title" else value) for name, value in fields] + [("action-publish", "1")]
        began = soak.now()
        answer = self.session.post(path, fields)
        soak.record("publish", began, answer)
        if answer.status == 302 and "/login/" not in answer.location:
            with soak.lock:
                soak.published.setdefault(activity_id, []).append((title, soak.now()))
            return
        with soak.lock:
            soak.failed_publishes += 1
            show, soak.shown_form_errors = not soak.shown_form_errors, True
        if show and isinstance(answer.status, int) and answer.status < 500:
            say(f"A publish of activity {activity_id} was not redirected ({answer.status}); errors on the page: "
                f"{error_texts(answer.text) or '(none found)'}")

    def run(self):
        actions = [self.search_page] * 3 + [self.search_api] * 3 + [self.page_view] * 3
        actions += [self.publish] if self.publish_ids else []
        try:
            while not self.soak.stopping.is_set():
                self.rng.choice(actions)()
                time.sleep(self.rng.uniform(0, 0.1))
        except Exception as error:  # a bug in the soak itself: say so, and stop the run
            self.error = error
            say(f"{self.name} crashed:\n{traceback.format_exc()}")
            self.soak.stopping.set()


def api_degraded(answer):
    if answer.status != 200:
        return None
    try:
        return bool(json.loads(answer.text).get("degraded"))
    except ValueError:
        return None


def probe_until_back(soak, minimum, maximum):
    """Ask the JSON API four times a second until twelve answers in a row come from
    Elasticsearch (and at least ``minimum`` seconds have passed), or ``maximum`` seconds."""
    session, started, in_a_row = Session(soak.base_url, timeout=30), soak.now(), 0
    while not soak.stopping.is_set() and soak.now() - started < maximum:
        began = soak.now()
        answer = session.get(PROBE_PATH)
        degraded = api_degraded(answer)
        soak.record("search API", began, answer, degraded=degraded)
        in_a_row = in_a_row + 1 if degraded is False else 0
        if in_a_row >= 12 and soak.now() - started >= minimum:
            return
        time.sleep(0.25)


def scenario(soak, node, env, children, total, down_for, window, pause_for):
    """The events, each at its share of the run or as soon as the one before is over."""

    def outage(number):
        soak.set_phase("stopped")
        soak.event(f"Stopping Elasticsearch ({number} of 2)")
        node.stop()
        soak.wait_until(soak.now() + down_for)
        soak.event("Starting Elasticsearch")
        node.start()
        back = soak.now()
        soak.set_phase("restarted")
        soak.event(f"Elasticsearch answers again (down {back - stopped_at[number]:.0f} s)")
        probe_until_back(soak, window, 3 * window)
        soak.recoveries.append((f"restart {number}", back, soak.now()))
        soak.set_phase("normal")

    stopped_at = {}
    for at, step in ((0.10, "stop 1"), (0.35, "rebuild"), (0.50, "stop 2"), (0.75, "pause")):
        soak.wait_until(at * total)
        if soak.stopping.is_set():
            return
        if step.startswith("stop"):
            number = int(step[-1])
            stopped_at[number] = soak.now()
            outage(number)
        elif step == "rebuild":
            soak.set_phase("rebuild")
            soak.event("Rebuilding the index (manage.py rebuild_directory_index)")
            began = soak.now()
            try:
                output = manage(env, "rebuild_directory_index", timeout=900, children=children)
                indexed = re.search(r"Indexed (\d+) activities", output)
                soak.event(f"Rebuild done in {soak.now() - began:.0f} s ({indexed[1] if indexed else '?'} activities)")
            except SoakError as error:
                soak.problems.append(f"the rebuild failed: {error}")
                soak.event("Rebuild FAILED")
            soak.set_phase("normal")
        else:
            soak.set_phase("paused")
            soak.event(f"Pausing Elasticsearch with SIGSTOP for {pause_for:.0f} s")
            node.pause()
            soak.wait_until(soak.now() + pause_for)
            node.resume()
            resumed = soak.now()
            soak.set_phase("resumed")
            soak.event("Resumed Elasticsearch (SIGCONT)")
            probe_until_back(soak, window, 3 * window)
            soak.recoveries.append(("resume", resumed, soak.now()))
            soak.set_phase("normal")
    soak.wait_until(max(total, soak.now() + 10))


def run_traffic(soak, node, env, children, username, password):
    args = soak.args
    total = args.minutes * 60
    short = total < 360
    down_for, window, pause_for = (15 if short else 30), (20 if short else 30), 30
    publish_ids = soak.catalogue["publish"]
    clients = [Client(soak, number, args.seed * 1000 + number, publish_ids[number::args.clients])
               for number in range(args.clients)]
    soak.t0 = time.monotonic()
    for client in clients:  # warm every worker: the embedding model and the needs' phrases load on the first text search
        client.login(username, password)
        for words in WORDS[:4]:
            client.session.get(f"/api/search/?{urlencode({'q': words})}")
        client.session.get(f"/search/?{urlencode({'q': WORDS[4], 'postcode': PLACES[0]})}")
        client.page_view()
    soak.records.clear()
    soak.t0 = time.monotonic()
    soak.event(f"Traffic starts: {args.clients} clients for {args.minutes:g} min")
    for client in clients:
        client.start()
    bar = progress(soak, total)
    try:
        scenario(soak, node, env, children, total, down_for, window, pause_for)
    finally:
        soak.stopping.set()
        for client in clients:
            client.join(timeout=120)
        bar.set()
    soak.event("Traffic stopped")
    crashed = [client.error for client in clients if client.error]
    if crashed:
        raise SoakError(f"a client crashed: {crashed[0]!r}")
    return soak.now()


def progress(soak, total):
    """A tqdm bar of the seconds on a terminal, else a line a minute. Returns an Event to end it."""
    from tqdm import tqdm

    done = threading.Event()
    bar = tqdm(total=int(total), unit="s", desc="Soak", file=sys.stderr, disable=not sys.stderr.isatty(),
               bar_format="{desc} {bar} {n_fmt}/{total_fmt} s {postfix}")

    def tick():
        last_line = 0
        while not done.wait(1):
            served, errors = soak.counts()
            bar.n = min(int(soak.now()), bar.total)
            bar.set_postfix_str(f"{PHASES[soak.phase]}, {served} requests, {errors} 5xx")
            if bar.disable and soak.now() - last_line >= 60:
                last_line = soak.now()
                say(f"[{soak.now():6.1f} s] ... {served} requests so far, {errors} 5xx (now: {PHASES[soak.phase]})")
        bar.close()

    threading.Thread(target=tick, daemon=True).start()
    return done


# -- checking the index at the end ---------------------------------------------------------------


def index_titles(node, alias, ids):
    node.request(f"/{alias}/_refresh")
    found = node.request(f"/{alias}/_search", {"query": {"ids": {"values": [str(pk) for pk in ids]}},
                                                "size": len(ids), "_source": ["title"]})
    return {int(hit["_id"]): hit["_source"].get("title") for hit in found["hits"]["hits"]}


def database_titles(ids):
    from django.db import connections

    from directory.models import ActivityPage

    titles = dict(ActivityPage.objects.filter(pk__in=ids).values_list("pk", "title"))
    connections.close_all()
    return titles


def outbox_figures(since):
    from django.db import connections

    from search.models import IndexChange

    rows = IndexChange.objects.filter(created_at__gte=since)
    lags = sorted((applied - created).total_seconds()
                  for created, applied in rows.exclude(applied_at=None).values_list("created_at", "applied_at"))
    figures = {
        "recorded": rows.count(),
        "waiting": IndexChange.objects.filter(applied_at__isnull=True).count(),
        "retried": rows.filter(attempts__gt=0).count(),
        "lag p50": percentile(lags, 0.5), "lag p95": percentile(lags, 0.95), "lag max": lags[-1] if lags else float("nan"),
    }
    connections.close_all()
    return figures


def check_changes(soak, node, alias, grace=30):
    """Lost changes (last published title not in the index) after up to ``grace`` seconds,
    asking for one search a second meanwhile (requests are what drain the outbox)."""
    deadline = time.monotonic() + 120
    while not node.healthy():
        if time.monotonic() > deadline:
            raise SoakError("Elasticsearch is not healthy at the end: cannot check the index.")
        time.sleep(1)
    latest = {pk: titles[-1][0] for pk, titles in soak.published.items()}
    session, started = Session(soak.base_url, timeout=30), time.monotonic()
    while True:
        in_index = index_titles(node, alias, list(latest)) if latest else {}
        lost = sorted(pk for pk, title in latest.items() if in_index.get(pk) != title)
        waited = time.monotonic() - started
        if not lost or waited >= grace:
            break
        session.get(PROBE_PATH)
        time.sleep(1)
    in_database = database_titles(list(latest))
    not_saved = sorted(pk for pk, title in latest.items() if in_database.get(pk) != title)
    return {"latest": latest, "in_index": in_index, "lost": lost, "not_saved": not_saved, "waited": waited}


# -- main ----------------------------------------------------------------------------------------


def interrupted(signum, frame):
    raise KeyboardInterrupt


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10, help="minutes of traffic (default 10)")
    parser.add_argument("--clients", type=int, default=4, help="concurrent client sessions (default 4)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the traffic and of the activities published")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (default 3)")
    parser.add_argument("--keep", action="store_true", help="keep the database and the node's folder at the end")
    args = parser.parse_args(argv)
    if args.minutes < 1 or args.clients < 1 or args.workers < 1:
        parser.error("--minutes must be at least 1, --clients and --workers at least 1")

    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    run_dir = BENCH_DIR / f"soak-{stamp}"
    run_dir.mkdir(parents=True)
    run_dir.chmod(0o755)  # Elasticsearch runs as another user when this runs as root
    database = Database(run_dir, stamp)
    try:
        node = Node(run_dir)
    except SoakError as error:
        say(f"soak: {error}")
        return 2
    prefix = f"lsdsoak-{stamp}-{uuid.uuid4().hex[:6]}"
    env = soak_environment(database, node, prefix)
    without_es = {**env, "ELASTICSEARCH_URL": ""}  # loaded as scripts/run loads it: no index yet
    children, gunicorn, ok, status = [], None, False, 1
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even when started in the background
    setup = {"load_before": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    began = time.monotonic()
    try:
        say(f"Setting up in {run_dir.relative_to(ROOT)}: {database.describe()}, Elasticsearch on port {node.port}")
        started = {}

        def start_node():
            step = time.monotonic()
            started["error"] = capture(node.start)
            say(f"  Elasticsearch started: {time.monotonic() - step:.0f} s")

        starter = threading.Thread(target=start_node, daemon=True)
        starter.start()
        database.create()
        for arguments in (("migrate", "--no-input"), ("load_sample_data", "--no-progress"), ("refresh_search_vectors",)):
            step = time.monotonic()
            manage(without_es, *arguments, children=children)
            say(f"  manage.py {' '.join(arguments)}: {time.monotonic() - step:.0f} s")
        starter.join()
        if started.get("error"):
            raise started["error"]
        setup_django(env)
        username, password = create_superuser()
        catalogue = read_catalogue(random.Random(args.seed))
        step = time.monotonic()
        manage(env, "rebuild_directory_index", children=children)
        say(f"  manage.py rebuild_directory_index: {time.monotonic() - step:.0f} s")
        gunicorn, base_url = serving.start_gunicorn(env, args.workers, log_file=run_dir / "gunicorn.log",
                                                    access_log=run_dir / "access.log")
        setup["seconds"] = time.monotonic() - began
        say(f"Set up in {setup['seconds']:.0f} s; gunicorn at {base_url}")
        soak = Soak(base_url, catalogue, args)
        run_started_at = datetime.datetime.now(datetime.timezone.utc)
        end = run_traffic(soak, node, env, children, username, password)
        say("Checking the index and the outbox...")
        changes = check_changes(soak, node, f"{prefix}-activities")
        outbox = outbox_figures(run_started_at)
        save_records(soak, run_dir / "requests.csv")
        report(soak, args, setup, end, changes, outbox, database)
        ok = passed(soak, changes)
        status = 0 if ok else 1
        print(f"\n{'PASSED' if ok else 'FAILED'}. Logs in {run_dir.relative_to(ROOT)}: gunicorn.log (with Django's "
              f"tracebacks), access.log, requests.csv")
    except KeyboardInterrupt:
        say("Interrupted: stopping everything it started.")
        status = 130
    except (SoakError, serving.ServerFailed) as error:
        say(f"soak: {error}")
        status = 2
    finally:
        clean_up(node, gunicorn, children, database, run_dir, keep=args.keep or status in (1, 2))
    return status


def save_records(soak, path):
    """Every request: when it began (s), kind, status, ms, phase, answered by the database."""
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["began_s", "kind", "status", "ms", "phase", "degraded"])
        writer.writerows((f"{r[0]:.3f}", r[1], r[2], f"{r[3]:.1f}", r[4], "" if r[5] is None else int(r[5]))
                         for r in soak.records)


def clean_up(node, gunicorn, children, database, run_dir, keep):
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not leave things running
    try:
        for child in list(children):
            child.kill()
        if gunicorn is not None:
            serving.stop(gunicorn)
        if node.started:
            try:
                if node.starting:  # interrupted while starting: the node writes its pid once up
                    deadline = time.monotonic() + 120
                    while not node.pid() and time.monotonic() < deadline:
                        time.sleep(2)
                node.stop()
            except (SoakError, subprocess.TimeoutExpired) as error:
                say(f"soak: {error}")
        if keep:
            say(f"Kept {run_dir.relative_to(ROOT)} (database, logs, the node's data).")
            if database.postgres and database.created:
                say(f"Kept the PostgreSQL database {database.name}.")
        else:  # the logs stay
            try:
                database.drop()
            except Exception as error:  # the server went away: say so, and go on cleaning
                say(f"soak: could not drop the database {database.name}: {error}")
            shutil.rmtree(run_dir / "elasticsearch", ignore_errors=True)
            shutil.rmtree(run_dir / "scripts", ignore_errors=True)
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)


if __name__ == "__main__":
    sys.exit(main())
