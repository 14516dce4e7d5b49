"""Search latency on both backends, side by side, over a synthetic East Kent directory.

    python bench/search_bench.py                  # 10,000 activities: build, index, time the query mix
    python bench/search_bench.py --n 100000       # the same at 100,000
    python bench/search_bench.py --load           # load test /api/search/ served by gunicorn on 127.0.0.1

What it does, and what the numbers mean:

1. **Data.** N synthetic activities (about 8 per organisation) at real postcodes from the CT
   (East Kent) districts of the offline gazetteer, with needs, schedules, costs, ages, referral
   routes, accessibility features and review dates drawn from fixed, seeded distributions
   (about 8% stale and 6% closed, so hidden; 12% due for review). Rows are bulk-inserted as
   real Wagtail pages (correct tree paths, live, published) into a SQLite file of its own,
   ``var/bench/search-<N>.sqlite3`` (reused on later runs; ``--rebuild`` makes it again). The
   development database is never opened. Generation time is printed but is not a search cost.
2. **Index build.** ``search.indexing.rebuild()``, the production path: read the database in
   batches, bulk-load a new Elasticsearch index, refresh, swap the alias. Index prefix
   ``lsdbench-<N>``; the index is deleted at the end unless ``--keep-index``.
3. **Latency.** Each query of a fixed, seeded mix is run through
   ``search.service.search_activities(params, backend=...)`` in this process, database then
   Elasticsearch, so both answer the same queries under the same conditions. One warm-up
   query per kind and backend is not counted. The time covers the whole search call (SQL or
   the Elasticsearch request, facets, highlights, next sessions) but not parsing the query
   string, HTTP, templates or the anonymous search record: ``--load`` measures those.
   An Elasticsearch answer that timed out and fell back to the database ("degraded") is
   counted separately, never as an Elasticsearch time.
4. **Load** (``--load``): gunicorn (``--workers``, default 3) serving ``portal.wsgi`` on
   127.0.0.1 with the same bench database, and ``--concurrency`` client threads (default 8)
   requesting ``/api/search/`` with the same query mix for ``--duration`` seconds (default
   20) or ``--requests`` requests, whichever comes first. It prints requests per second and
   latency percentiles for each backend, then stops gunicorn.

Elasticsearch is the node ``scripts/elasticsearch start`` runs (``ELASTICSEARCH_URL``, default
http://127.0.0.1:9200). ``--skip-es`` (or ``--only database``) times the database alone.
"""
import argparse
import datetime
import itertools
import json
import os
import pathlib
import random
import statistics
import sys
import threading
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

ROOT = pathlib.Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
sys.path.insert(0, str(ROOT))

import serving  # noqa: E402  (bench/serving.py, next to this file)
from serving import percentile  # noqa: E402

KINDS = ("text only", "postcode + radius", "postcode + need + day", "postcode + text + filters", "deep page")


# -- settings, before Django loads ------------------------------------------------------------


def database_path(n):
    return BENCH_DIR / f"search-{n}.sqlite3"


def bench_environment(n, elasticsearch_url=None):
    """Environment for this process and the gunicorn it starts: the bench database and index."""
    env = {
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "portal.settings.dev"),
        "DB_ENGINE": "sqlite",
        "DB_NAME": str(database_path(n)),
        "ELASTICSEARCH_URL": elasticsearch_url if elasticsearch_url is not None
        else os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200"),
        "ELASTICSEARCH_INDEX_PREFIX": f"lsdbench-{n}",
        "DJANGO_DEBUG": "0",  # DEBUG keeps every SQL query in memory
        "DIRECTORY_SAMPLE_DATA": "0",
    }
    return env


def setup_django(n):
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ.update(bench_environment(n))
    import django

    django.setup()
    from django.conf import settings

    name = pathlib.Path(str(settings.DATABASES["default"]["NAME"])).resolve()
    if name.parent != BENCH_DIR.resolve():
        sys.exit(f"Refusing to run: the database would be {name}, not a file under {BENCH_DIR}.")


def progress_bar(total, description):
    from tqdm import tqdm

    return tqdm(total=total, desc=description, unit="rows", file=sys.stderr, disable=not sys.stderr.isatty())


# -- synthetic data ---------------------------------------------------------------------------

PLACES = {
    "CT1": "Canterbury", "CT2": "Canterbury", "CT3": "Aylesham", "CT4": "Chartham", "CT5": "Whitstable",
    "CT6": "Herne Bay", "CT7": "Birchington", "CT8": "Westgate", "CT9": "Margate", "CT10": "Broadstairs",
    "CT11": "Ramsgate", "CT12": "Minster", "CT13": "Sandwich", "CT14": "Deal", "CT15": "Dover", "CT16": "Dover",
    "CT17": "Dover", "CT18": "Hawkinge", "CT19": "Folkestone", "CT20": "Folkestone", "CT21": "Hythe",
}
# need slug -> activity names (the words people search for appear in titles and summaries)
ACTIVITY_NAMES = {
    "loneliness-and-isolation": ["friendship café", "lunch club", "befriending service", "knit and natter", "men's shed"],
    "mental-wellbeing": ["peer support group", "wellbeing café", "mindfulness course", "talking group", "anxiety support"],
    "physical-activity": ["walking group", "chair yoga", "tai chi class", "health walk", "seated exercise", "dance class"],
    "diabetes": ["diabetes support group", "blood sugar clinic", "diabetes education course"],
    "copd": ["singing for lung health", "breathe easy group", "pulmonary exercise class"],
    "chronic-pain": ["pain management group", "arthritis support"],
    "heart-health": ["cardiac rehab class", "stroke club"],
    "dementia": ["memory café", "dementia carers' group"],
    "money-debt-and-benefits": ["debt advice drop-in", "benefits advice", "money skills course", "cost of living help"],
    "housing": ["housing advice", "tenancy support"],
    "carers-support": ["carers' café", "young carers group"],
    "bereavement": ["bereavement café", "grief support group"],
    "arts-and-creativity": ["art club", "community choir", "craft group", "creative writing group", "ukulele club"],
    "gardening-and-nature": ["community garden", "allotment club", "conservation volunteers"],
    "learning-and-skills": ["English conversation class", "maths for adults", "reading group"],
    "food-and-cooking": ["cookery course", "community kitchen", "food bank"],
    "volunteering": ["volunteer drop-in", "good neighbours scheme"],
    "employment": ["job club", "CV workshop"],
    "digital-skills": ["computer help session", "smartphone class", "get online drop-in"],
    "families-and-parenting": ["parent and toddler group", "dads' group"],
    "older-people": ["over 60s club", "tea dance", "later life club"],
    "young-people": ["youth club", "young people's drop-in"],
}
SENTENCES = [
    "Everyone is welcome, whatever their age or ability.",
    "Tea, coffee and biscuits are provided.",
    "Come along on your own or bring a friend or carer.",
    "Sessions are run by trained volunteers who have been there themselves.",
    "No need to book: just turn up on the day.",
    "Please ring first if it is your first visit, so we can say hello.",
    "We meet in a friendly, quiet room with comfortable chairs.",
    "Our group helps people feel less lonely and more confident.",
    "Many people come because their GP or link worker suggested it.",
    "There is step-free access and an accessible toilet.",
    "We can help with transport if you find it hard to get out.",
    "You do not need any experience to join in.",
]


def _path_step(number):
    """Treebeard's path segment for the n-th child (1-based): base 36, four characters."""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    digits = ""
    while number:
        number, remainder = divmod(number, 36)
        digits = alphabet[remainder] + digits
    return digits.rjust(4, "0")


def postcode_pool():
    """{district: [(postcode, point)]} for every CT district the gazetteer knows."""
    from directory import geo

    gazetteer = geo.default_gazetteer()
    pool = {}
    for district in PLACES:
        postcodes = list(gazetteer.postcodes_in_district(district))
        if postcodes:
            pool[district] = [(postcode, gazetteer.lookup(postcode)) for postcode in postcodes]
    return pool


def _insert_children(model, parents, rows, connection):
    """Insert a multi-table child model's own table rows (Django's bulk_create cannot)."""
    fields = [field for field in model._meta.local_concrete_fields]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({marks})"
    values = []
    for parent, row in zip(parents, rows):
        instance = model(page_ptr_id=parent.pk, **row)
        values.append([field.get_db_prep_save(getattr(instance, field.attname), connection) for field in fields])
    with connection.cursor() as cursor:
        cursor.executemany(sql, values)


def generate(n, seed=42, batch=2000):
    """Bulk-create N activities under N/8 organisations at real CT postcodes."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone
    from wagtail.models import Locale, Page

    from directory.models import AccessibilityFeature, ActivityPage, ActivitySchedule, DirectoryIndexPage, Need, OrganisationPage

    rng = random.Random(seed)
    pool = postcode_pool()
    districts = sorted(pool)
    needs = {need.slug: need for need in Need.objects.all()}
    need_slugs = [slug for slug in ACTIVITY_NAMES if slug in needs]
    features = list(AccessibilityFeature.objects.values_list("pk", flat=True))
    index = DirectoryIndexPage.objects.get()
    locale = Locale.get_default()
    org_type = ContentType.objects.get_for_model(OrganisationPage)
    activity_type = ContentType.objects.get_for_model(ActivityPage)
    today = timezone.localdate()
    now = timezone.now()
    n_orgs = max(1, n // 8)

    def page(title, slug, path, depth, numchild, url_path, content_type):
        return Page(
            title=title, draft_title=title, slug=slug, path=path, depth=depth, numchild=numchild, url_path=url_path,
            content_type=content_type, locale=locale, live=True, has_unpublished_changes=False,
            first_published_at=now, last_published_at=now,
        )

    def reviewed():
        roll = rng.random()
        days = rng.randint(0, 180) if roll < 0.80 else rng.randint(184, 360) if roll < 0.92 else rng.randint(366, 700)
        return today - datetime.timedelta(days=days)

    counts = [n // n_orgs + (1 if i < n % n_orgs else 0) for i in range(n_orgs)]
    bar = progress_bar(n_orgs + n, "Generating")
    with transaction.atomic():
        org_pages, org_rows, org_places = [], [], []
        for number in range(1, n_orgs + 1):
            district = rng.choice(districts)
            postcode, point = rng.choice(pool[district])
            town = PLACES[district]
            title = f"{town} {rng.choice(['Community', 'Wellbeing', 'Friends', 'Together', 'Neighbours'])} {number}"
            slug = f"org-{number}"
            org_pages.append(page(title, slug, index.path + _path_step(number), index.depth + 1, counts[number - 1],
                                  f"{index.url_path}{slug}/", org_type))
            org_rows.append(dict(
                summary=f"A {town} group helping local people.", kind="community_group", town=town, postcode=postcode,
                latitude=point.latitude, longitude=point.longitude, last_reviewed=reviewed(),
            ))
            org_places.append((district, town))
        for start in range(0, n_orgs, batch):
            created = Page.objects.bulk_create(org_pages[start:start + batch])
            _insert_children(OrganisationPage, created, org_rows[start:start + batch], connection)
            org_pages[start:start + batch] = created
            bar.update(len(created))
        Page.objects.filter(pk=index.pk).update(numchild=n_orgs)

        number = 0
        pending = []

        def flush():
            created = Page.objects.bulk_create([item[0] for item in pending])
            _insert_children(ActivityPage, created, [item[1] for item in pending], connection)
            need_links, feature_links, schedules = [], [], []
            for activity, (_, _, chosen_needs, chosen_features, patterns) in zip(created, pending):
                need_links += [ActivityPage.needs.through(activitypage_id=activity.pk, need_id=needs[s].pk) for s in chosen_needs]
                feature_links += [ActivityPage.accessibility_features.through(activitypage_id=activity.pk, accessibilityfeature_id=f)
                                  for f in chosen_features]
                schedules += [ActivitySchedule(activity_id=activity.pk, sort_order=i, **p) for i, p in enumerate(patterns)]
            ActivityPage.needs.through.objects.bulk_create(need_links)
            ActivityPage.accessibility_features.through.objects.bulk_create(feature_links)
            ActivitySchedule.objects.bulk_create(schedules)
            bar.update(len(pending))
            pending.clear()

        for org, (district, town), count in zip(org_pages, org_places, counts):
            for child in range(1, count + 1):
                number += 1
                chosen_needs = [rng.choice(need_slugs)]
                if rng.random() < 0.35:
                    chosen_needs.append(rng.choice(need_slugs))
                chosen_needs = list(dict.fromkeys(chosen_needs))
                name = rng.choice(ACTIVITY_NAMES[chosen_needs[0]])
                title = f"{town} {name} {number}"
                slug = f"activity-{number}"
                postcode, point = rng.choice(pool[district])
                cost = rng.choices(["free", "paid", "donation"], [60, 30, 10])[0]
                low_age = rng.choice([None] * 8 + [16, 18, 50])
                high_age = rng.choice([None] * 9 + [25]) if low_age is None or low_age < 25 else None
                patterns = []
                for _ in range(1 if rng.random() < 0.8 else 2):
                    hour = rng.choice([9, 10, 10, 11, 13, 14, 14, 16, 18, 19])
                    monthly = rng.random() < 0.15
                    day = rng.choice(["MO", "TU", "WE", "TH", "FR", "SA", "SU"])
                    patterns.append(dict(
                        freq="MONTHLY" if monthly else "WEEKLY", interval=1 if rng.random() < 0.85 else 2,
                        byday=f"{rng.randint(1, 4)}{day}" if monthly else day,
                        opens_at=datetime.time(hour), closes_at=datetime.time(hour + 2),
                        attending_type=rng.choices(["in_person", "online", "phone"], [85, 10, 5])[0],
                    ))
                description = " ".join(rng.sample(SENTENCES, 4))
                pending.append((
                    page(title, slug, org.path + _path_step(child), org.depth + 1, 0, f"{org.url_path}{slug}/", activity_type),
                    dict(
                        summary=f"A {name} in {town}. {rng.choice(SENTENCES)}",
                        description=f"<p>{description}</p>", activity_type="group", cost_kind=cost,
                        cost_amount=rng.choice([1, 2, 2.5, 3, 5, 8, 12]) if cost == "paid" else None,
                        min_age=low_age, max_age=high_age,
                        self_referral=rng.random() < 0.85, link_worker_referral=True, gp_referral=rng.random() < 0.3,
                        status=rng.choices(["active", "temporarily_closed", "inactive"], [94, 3, 3])[0],
                        last_reviewed=reviewed(), postcode=postcode, latitude=point.latitude, longitude=point.longitude,
                    ),
                    chosen_needs, rng.sample(features, rng.randint(0, 4)), patterns,
                ))
                if len(pending) >= batch:
                    flush()
        if pending:
            flush()
    bar.close()


def prepare_database(n, rebuild):
    """Migrate and fill the bench database, unless it already holds N activities."""
    from django.core.management import call_command
    from django.db import connection

    from directory.models import ActivityPage

    path = database_path(n)
    if rebuild and path.exists():
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            pathlib.Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    if ActivityPage.objects.count() == n:
        print(f"Reusing {path.relative_to(ROOT)} ({n:,} activities).")
        return None
    if ActivityPage.objects.exists():
        sys.exit(f"{path} holds a different directory; run again with --rebuild.")
    generate(n)
    elapsed = time.perf_counter() - started
    print(f"Generated {n:,} activities in {path.relative_to(ROOT)} in {elapsed:.1f} s (migrate + bulk insert; not a search cost).")
    return elapsed


def check_elasticsearch():
    """Stop with a clear message if the node does not answer."""
    from elasticsearch import Elasticsearch

    url = os.environ["ELASTICSEARCH_URL"]
    try:
        Elasticsearch(url, request_timeout=10, max_retries=0).cluster.health(wait_for_status="yellow", timeout="10s")
    except Exception as error:  # refused, timeout: say what to do
        sys.exit(f"Elasticsearch is not answering at {url} ({type(error).__name__}). "
                 "Start it with `scripts/elasticsearch start`, or run with --skip-es.")


def build_index():
    """search.indexing.rebuild() into the bench prefix; returns (seconds, documents)."""
    from tqdm import tqdm

    from directory.models import ActivityPage
    from search import indexing

    started = time.perf_counter()
    with tqdm(total=ActivityPage.objects.count(), desc="Indexing", file=sys.stderr, disable=not sys.stderr.isatty()) as bar:
        report = indexing.rebuild(progress=bar.update)
    return time.perf_counter() - started, report.documents


# -- the query mix ----------------------------------------------------------------------------


def query_mix(repeat, seed=7):
    """{kind: [query dict, ...]}: the same fixed queries for both backends and the load test."""
    rng = random.Random(seed)
    pool = postcode_pool()
    postcodes = [postcode for district in sorted(pool) for postcode, _ in pool[district][::50]]
    words = ["walking group", "debt advice", "lonely", "gardening", "diabetes support", "memory café", "choir",
             "computer help", "carers", "yoga", "food bank", "job club", "youth club", "grief", "art"]
    needs = list(ACTIVITY_NAMES)
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    mix = {kind: [] for kind in KINDS}
    for _ in range(repeat + 1):  # the first of each kind is the warm-up
        mix["text only"].append({"q": rng.choice(words)})
        mix["postcode + radius"].append({"postcode": rng.choice(postcodes), "radius": rng.choice(["2", "5", "10"])})
        mix["postcode + need + day"].append({"postcode": rng.choice(postcodes), "radius": "5", "need": rng.choice(needs),
                                             "day": rng.choice(days)})
        mix["postcode + text + filters"].append({"postcode": rng.choice(postcodes), "radius": "10", "q": rng.choice(words),
                                                 "cost": "free", "access": "step-free", "time": "morning"})
        mix["deep page"].append({"postcode": rng.choice(postcodes), "radius": "20", "page": str(rng.randint(20, 40))})
    return mix


def summarise(times_ms):
    values = sorted(times_ms)
    return len(values), percentile(values, 0.50), percentile(values, 0.95), percentile(values, 0.99)


def time_backends(mix, backends, budget):
    """Run every query on each backend in turn; returns {(kind, backend): stats}."""
    from search.params import parse_search_params
    from search.service import search_activities

    stats = {}
    for kind, queries in mix.items():
        samples = {backend: [] for backend in backends}
        totals = {backend: [] for backend in backends}
        degraded = {backend: 0 for backend in backends}
        mismatches = 0
        started = time.perf_counter()
        for number, query in enumerate(queries):
            params = parse_search_params(query).params
            answers = {}
            for backend in backends:
                began = time.perf_counter()
                results = search_activities(params, backend=backend)
                elapsed = (time.perf_counter() - began) * 1000
                answers[backend] = results.total
                if results.degraded or results.backend != backend:
                    degraded[backend] += 1
                elif number:  # the first query of each kind warms caches
                    samples[backend].append(elapsed)
                    totals[backend].append(results.total)
            if len(set(answers.values())) > 1:
                mismatches += 1
            if number and time.perf_counter() - started > budget:
                break
        for backend in backends:
            stats[(kind, backend)] = {
                "summary": summarise(samples[backend]),
                "mean_total": statistics.mean(totals[backend]) if totals[backend] else 0,
                "degraded": degraded[backend],
                "mismatches": mismatches,
            }
        print(f"  {kind}: {len(samples[backends[0]])} queries", file=sys.stderr)
    return stats


TEXT_KINDS = ("text only", "postcode + text + filters")


def time_semantic(mix, budget):
    """Elasticsearch with and without semantic matching, query by query, interleaved.

    Each query runs twice in a row (meaning off, then on) so both see the same machine; the
    query's embedding cache is cleared first, so the "on" time includes embedding the text.
    Returns {kind: {"off": summary, "on": summary}}.
    """
    from django.conf import settings

    from search import embeddings
    from search.params import parse_search_params
    from search.service import search_activities

    found = {}
    for kind in TEXT_KINDS:
        samples = {"off": [], "on": []}
        started = time.perf_counter()
        for number, query in enumerate(mix[kind]):
            params = parse_search_params(query).params
            for mode in ("off", "on"):
                settings.SEARCH_SEMANTIC = mode == "on"
                embeddings.embed_query.cache_clear()
                began = time.perf_counter()
                results = search_activities(params, backend="elasticsearch")
                elapsed = (time.perf_counter() - began) * 1000
                if number and not results.degraded:
                    samples[mode].append(elapsed)
            if number and time.perf_counter() - started > budget:
                break
        settings.SEARCH_SEMANTIC = True
        found[kind] = {mode: summarise(values) for mode, values in samples.items()}
    return found


def print_semantic_table(found):
    print()
    print("Elasticsearch with semantic matching (query embedded + kNN clauses) against words only, same run (ms)")
    print()
    print("| query | queries | words only p50 | p95 | with meaning p50 | p95 | p95 ratio |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for kind, entry in found.items():
        count, off50, off95, _ = entry["off"]
        _, on50, on95, _ = entry["on"]
        print(f"| {kind} | {count} | {off50:.1f} | {off95:.1f} | {on50:.1f} | {on95:.1f} | {on95 / off95:.2f}x |")


def print_latency_table(n, stats, backends, build):
    print()
    print(f"Search latency, {n:,} activities (ms, in-process search_activities(); first query of each kind not counted)")
    print()
    print("| query | backend | queries | p50 ms | p95 ms | p99 ms | mean results | fell back |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for kind in KINDS:
        for backend in backends:
            entry = stats[(kind, backend)]
            count, p50, p95, p99 = entry["summary"]
            fell_back = entry["degraded"] if backend == "elasticsearch" else ""
            print(f"| {kind} | {backend} | {count} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {entry['mean_total']:,.0f} | {fell_back} |")
    if len(backends) == 2:
        differing = {kind: stats[(kind, backends[0])]["mismatches"] for kind in KINDS}
        print()
        print("Queries where the two backends found a different number of activities:",
              ", ".join(f"{kind} {count}" for kind, count in differing.items()),
              "(at the radius edge the two measure distance slightly differently; kNN is approximate).")
    if build:
        seconds, documents = build
        print()
        print(f"Elasticsearch index build (search.indexing.rebuild): {seconds:.1f} s for {documents:,} documents "
              f"({documents / seconds:,.0f} documents/s). The database backend needs no index of its own.")


# -- load test --------------------------------------------------------------------------------


def start_gunicorn(n, backend, workers):
    env = {**os.environ, **bench_environment(n, elasticsearch_url=None if backend == "elasticsearch" else "")}
    try:
        return serving.start_gunicorn(env, workers)
    except serving.ServerFailed as error:
        sys.exit(str(error))


def load_test(base_url, urls, concurrency, duration, max_requests):
    """Fixed concurrency until the time or the request budget runs out; returns a summary."""
    counter = itertools.count()
    lock = threading.Lock()
    latencies, statuses, degraded = [], {}, [0]
    deadline = time.monotonic() + duration

    def worker():
        while time.monotonic() < deadline:
            number = next(counter)
            if max_requests and number >= max_requests:
                return
            url = f"{base_url}{urls[number % len(urls)]}"
            began = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=90) as response:
                    body = response.read()
                    status = response.status
            except urllib.error.HTTPError as error:
                body, status = b"", error.code
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                body, status = b"", "connection error"
            elapsed = (time.perf_counter() - began) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
                if status == 200 and json.loads(body).get("degraded"):
                    degraded[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    count, p50, p95, p99 = summarise(latencies)
    return {"requests": count, "seconds": wall, "rps": count / wall, "p50": p50, "p95": p95, "p99": p99,
            "statuses": statuses, "degraded": degraded[0]}


def run_load(args, backends):
    mix = query_mix(args.repeat)
    urls = [f"/api/search/?{urlencode(query)}" for queries in zip(*mix.values()) for query in queries]
    print()
    print(f"Load test: /api/search/ on gunicorn ({args.workers} workers) at 127.0.0.1, {args.concurrency} concurrent "
          f"clients, {args.duration:g} s{f' or {args.requests} requests' if args.requests else ''}, {len(urls)} distinct "
          f"queries in turn, {args.n:,} activities")
    print()
    print("| backend | requests | seconds | requests/s | p50 ms | p95 ms | p99 ms | statuses | fell back |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |")
    for backend in backends:
        process, base_url = start_gunicorn(args.n, backend, args.workers)
        try:
            load_test(base_url, urls, args.concurrency, 3, 0)  # warm every worker
            result = load_test(base_url, urls, args.concurrency, args.duration, args.requests)
        finally:
            serving.stop(process)
        statuses = ", ".join(f"{status}: {count}" for status, count in sorted(result["statuses"].items(), key=str))
        print(f"| {backend} | {result['requests']} | {result['seconds']:.1f} | {result['rps']:.1f} | {result['p50']:.0f} | "
              f"{result['p95']:.0f} | {result['p99']:.0f} | {statuses} | {result['degraded']} |")


# -- main -------------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=10_000, help="number of activities (default 10,000)")
    parser.add_argument("--repeat", type=int, default=50, help="queries of each kind (default 50)")
    parser.add_argument("--budget", type=float, default=120, help="stop a kind after this many seconds (default 120)")
    parser.add_argument("--rebuild", action="store_true", help="make the bench database again")
    parser.add_argument("--skip-es", action="store_true", help="database backend only")
    parser.add_argument("--only", choices=["database", "elasticsearch"], help="one backend only")
    parser.add_argument("--keep-index", action="store_true", help="leave the bench index in Elasticsearch")
    parser.add_argument("--load", action="store_true", help="load test the JSON API under gunicorn instead")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=20, help="seconds of load per backend (default 20)")
    parser.add_argument("--requests", type=int, default=0, help="stop after this many requests (default: no limit)")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (default 3)")
    args = parser.parse_args(argv)
    if args.n < 8 or args.concurrency < 1 or args.duration <= 0:
        parser.error("--n must be at least 8, --concurrency at least 1 and --duration more than 0")

    setup_django(args.n)
    backends = ["database"] if args.skip_es else [args.only] if args.only else ["database", "elasticsearch"]
    if "elasticsearch" in backends:
        check_elasticsearch()
    prepare_database(args.n, args.rebuild)
    build = None
    try:
        if "elasticsearch" in backends:
            build = build_index()
        if args.load:
            run_load(args, backends)
        else:
            print(f"Timing {len(KINDS)} kinds of query x {args.repeat} on {' and '.join(backends)}...", file=sys.stderr)
            mix = query_mix(args.repeat)
            stats = time_backends(mix, backends, args.budget)
            print_latency_table(args.n, stats, backends, build)
            if "elasticsearch" in backends:
                print("Timing Elasticsearch with and without semantic matching...", file=sys.stderr)
                print_semantic_table(time_semantic(mix, args.budget))
    finally:
        if "elasticsearch" in backends and not args.keep_index:
            from search import indexing

            indexing.drop_all()


if __name__ == "__main__":
    main()
