"""Relevance benchmark: how good are the first results for what link workers actually type?

    python bench/relevance.py                      # both backends (Elasticsearch must be running)
    python bench/relevance.py --only database      # the database backend alone, no Elasticsearch
    python bench/relevance.py --json var/bench/relevance.json --worst 15
    python bench/relevance.py --queries path/to/held_out.jsonl

What it does:

1. **Data.** The East Kent sample directory (``fixtures/sample_directory.json``, 692 organisations,
   1,560 activities), loaded with ``manage.py load_sample_data`` into a SQLite file of its own,
   ``var/bench/relevance.sqlite3`` (never the development database). It is reused on later runs;
   its review dates are refreshed when it was loaded on another day (so the same listings are
   "stale" as on the day of loading), and ``--rebuild`` makes it again.
2. **Index.** ``search.indexing.rebuild()`` (the production path) into the prefix
   ``lsdrel-<pid>``; the index is deleted at the end unless ``--keep-index``.
3. **Queries.** Every judged query (``bench/relevance/queries.jsonl``, or ``--queries``) goes
   through what the search page does: ``search.api.parse()`` (``parse_search_params`` with the
   needs and accessibility features that exist) on ``{"q": text, "postcode": location,
   "radius": radius, **filters}``; if the page would show an error, it does not search (counted
   as zero results, listed as "invalid"); otherwise ``search.service.search_activities(params,
   backend=...)``, whose first page (20 results, as on the page) is judged.
4. **Judgements** (see bench/README.md, "Relevance"): each query grades activities 0-3 from need
   slugs, with optional ``require_all``, per-listing overrides (exact ``org/activity`` keys or
   globs such as ``*/*-food-bank``), exclusions and ``constraints`` from the words (a day, a
   time, free, online, by phone, an age, a place named in the text). Only activities the search
   may list near the location (listed, within the radius, passing the query's explicit filters)
   make up the ideal ranking: the "pool", worked out with the database backend and no words.
5. **Metrics** per backend: precision at 5, nDCG at 10 (gain 2^grade - 1, log2 discount, ideal
   from every judged activity in the pool), recall at 10, relevant first result, the zero-result
   rate (and zero-result queries where provision exists), mean precision at 5 per category and
   per tag, the two backends' top-ten agreement, the worst queries, and the latency of the
   search call. If ``search.understanding`` and ``search.embeddings`` exist, the time to analyse
   and to embed each query text is reported too.
"""
import argparse
import fnmatch
import json
import math
import os
import pathlib
import statistics
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "var" / "bench"
DATABASE = BENCH_DIR / "relevance.sqlite3"
LOADED_MARK = BENCH_DIR / "relevance.loaded"
DEFAULT_QUERIES = ROOT / "bench" / "relevance" / "queries.jsonl"
SAMPLE_DATA = ROOT / "fixtures" / "sample_directory.json"
BACKENDS = ("database", "elasticsearch")
RELEVANT = 2  # a grade of 2 or more is relevant
WIDE_RADIUS = 50  # miles: constraint checks do not depend on the query's radius
sys.path.insert(0, str(ROOT))


# -- setup --------------------------------------------------------------------------------------


def setup_django(use_elasticsearch):
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "portal.settings.dev"),
        "DB_ENGINE": "sqlite",
        "DB_NAME": str(DATABASE),
        "ELASTICSEARCH_URL": os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200") if use_elasticsearch else "",
        "ELASTICSEARCH_INDEX_PREFIX": f"lsdrel-{os.getpid()}",
        "DJANGO_DEBUG": "0",  # DEBUG keeps every SQL query in memory
        "DIRECTORY_SAMPLE_DATA": "1",
    })
    import django

    django.setup()
    from django.conf import settings

    name = pathlib.Path(str(settings.DATABASES["default"]["NAME"])).resolve()
    if name != DATABASE.resolve():
        sys.exit(f"Refusing to run: the database would be {name}, not {DATABASE}.")


def check_elasticsearch():
    from elasticsearch import Elasticsearch

    url = os.environ["ELASTICSEARCH_URL"]
    try:
        Elasticsearch(url, request_timeout=10, max_retries=0).cluster.health(wait_for_status="yellow", timeout="10s")
    except Exception as error:  # refused, timeout: say what to do
        sys.exit(f"Elasticsearch is not answering at {url} ({type(error).__name__}). Start it with "
                 "`scripts/elasticsearch start` (or set ELASTICSEARCH_URL), or run with --only database.")


def _without_elasticsearch():
    """A context in which publishing does not try to update an index (the bulk load)."""
    import contextlib

    from django.conf import settings

    @contextlib.contextmanager
    def context():
        config = settings.SEARCH_BACKEND
        url = config.get("ELASTICSEARCH_URL")
        config["ELASTICSEARCH_URL"] = ""
        try:
            yield
        finally:
            config["ELASTICSEARCH_URL"] = url

    return context()


def prepare_database(rebuild):
    """Migrate; load the sample data if absent (or --rebuild); refresh review dates daily."""
    import datetime

    from django.core.management import call_command
    from django.db import connection

    expected = json.loads(SAMPLE_DATA.read_text())["counts"]["activities"]
    if rebuild and DATABASE.exists():
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            pathlib.Path(f"{DATABASE}{suffix}").unlink(missing_ok=True)
        LOADED_MARK.unlink(missing_ok=True)
    call_command("migrate", verbosity=0, interactive=False)
    from directory.models import ActivityPage

    count = ActivityPage.objects.count()
    today = datetime.date.today().isoformat()
    loaded_on = LOADED_MARK.read_text().strip() if LOADED_MARK.exists() else ""
    if count == expected and loaded_on == today:
        print(f"Reusing {DATABASE.relative_to(ROOT)} ({count} activities, loaded today).", file=sys.stderr)
        return
    if count not in (0, expected):
        sys.exit(f"{DATABASE} holds {count} activities, not the sample data's {expected}; run with --rebuild.")
    started = time.perf_counter()
    with _without_elasticsearch():
        call_command("load_sample_data", no_progress=not sys.stderr.isatty(), update=bool(count), verbosity=0)
    LOADED_MARK.write_text(today + "\n")
    print(f"Loaded the sample data into {DATABASE.relative_to(ROOT)} in {time.perf_counter() - started:.1f} s.",
          file=sys.stderr)


def build_index():
    from tqdm import tqdm

    from directory.models import ActivityPage
    from search import indexing

    started = time.perf_counter()
    with tqdm(total=ActivityPage.objects.count(), desc="Indexing", file=sys.stderr,
              disable=not sys.stderr.isatty()) as bar:
        report = indexing.rebuild(progress=bar.update)
    return time.perf_counter() - started, report.documents


# -- queries and judgements ---------------------------------------------------------------------


def load_queries(path):
    text = pathlib.Path(path).read_text()
    if text.lstrip().startswith("["):
        queries = json.loads(text)
    else:
        queries = [json.loads(line) for line in text.splitlines() if line.strip() and not line.lstrip().startswith("//")]
    seen = set()
    for query in queries:
        for name in ("id", "text", "location", "judgements"):
            if name not in query:
                sys.exit(f"{path}: query {query.get('id', '?')} has no {name!r}.")
        if query["id"] in seen:
            sys.exit(f"{path}: the id {query['id']!r} is used twice.")
        seen.add(query["id"])
    return queries


def activity_catalogue():
    """{activity id: {"key": "org/activity", "title", "needs": own slugs and their ancestors}}."""
    from directory.models import ActivityPage, Need, OrganisationPage

    parents = dict(Need.objects.values_list("slug", "parent__slug"))

    def with_ancestors(slugs):
        found = set()
        for slug in slugs:
            while slug and slug not in found:
                found.add(slug)
                slug = parents.get(slug)
        return found

    organisations = dict(OrganisationPage.objects.values_list("path", "slug"))
    own = {}
    for activity_id, slug in ActivityPage.needs.through.objects.values_list("activitypage_id", "need__slug"):
        own.setdefault(activity_id, set()).add(slug)
    steplen = ActivityPage.steplen
    catalogue = {}
    for activity_id, path, slug, title in ActivityPage.objects.values_list("pk", "path", "slug", "title"):
        catalogue[activity_id] = {
            "key": f"{organisations.get(path[:-steplen], '?')}/{slug}",
            "title": title,
            "needs": with_ancestors(own.get(activity_id, ())),
        }
    return catalogue


class Pools:
    """Which activities the search may list for a location, radius and filters (database, no words)."""

    def __init__(self, catalogue):
        self.catalogue = catalogue
        self.cache = {}

    def ids(self, location, radius, filters=None):
        key = (location, float(radius), json.dumps(filters or {}, sort_keys=True))
        if key not in self.cache:
            self.cache[key] = self._search(location, radius, filters or {})
        return self.cache[key]

    def _search(self, location, radius, filters):
        from dataclasses import replace

        from search.service import search_activities

        parsed = parse_query({"postcode": location, "radius": radius, **filters}, self.catalogue_sets())
        if not parsed.is_valid:
            return None
        found, page = set(), 1
        while True:
            results = search_activities(replace(parsed.params, page=page, page_size=50), backend="database")
            found |= {hit.activity_id for hit in results.hits}
            if page * 50 >= results.total or not results.hits:
                return found
            page += 1

    _sets = None

    def catalogue_sets(self):
        if Pools._sets is None:
            from search import forms

            Pools._sets = forms.Catalogue.load()
        return Pools._sets


def query_dict(values):
    """A QueryDict like request.GET (lists become repeated parameters)."""
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for name, value in values.items():
        if value is None or value == "":
            continue
        if isinstance(value, (list, tuple)):
            query.setlist(name, [str(item) for item in value])
        else:
            query[name] = str(value)
    return query


def parse_query(values, catalogue=None):
    """What the search page does with the query string before it searches."""
    try:
        from search import api

        parsed, _ = api.parse(query_dict(values), catalogue)
        return parsed
    except (ImportError, AttributeError):
        from search import forms
        from search.params import parse_search_params

        catalogue = catalogue or forms.Catalogue.load()
        return parse_search_params(query_dict(values), catalogue.need_slugs, catalogue.feature_slugs)


def judge_location(query):
    """Where the pool is worked out from: ``judge_location`` (a postcode for a town name), else the location."""
    return query.get("judge_location") or query["location"]


def constraint_sets(query, pools):
    """[(cap, ids passing or None)] for the query's judged constraints."""
    constraints = query["judgements"].get("constraints") or {}
    filters = query.get("filters") or {}
    sets = []
    plain = {name: value for name, value in constraints.items() if name not in ("place", "age")}
    for name, value in plain.items():
        sets.append((1, pools.ids(judge_location(query), WIDE_RADIUS, {**filters, name: value}), name))
    if "age" in constraints:
        sets.append((0, pools.ids(judge_location(query), WIDE_RADIUS, {**filters, "age": constraints["age"]}), "age"))
    if "place" in constraints:
        place = constraints["place"]
        sets.append((1, pools.ids(place["location"], place.get("radius", 2), filters), "place"))
    return sets


def key_matches(key, pattern):
    """``org/activity`` against a pattern; globs match the organisation and activity parts separately."""
    if "/" not in pattern:
        return fnmatch.fnmatchcase(key.split("/", 1)[-1], pattern)
    organisation, _, activity = key.partition("/")
    pattern_organisation, _, pattern_activity = pattern.partition("/")
    return fnmatch.fnmatchcase(organisation, pattern_organisation) and fnmatch.fnmatchcase(activity, pattern_activity)


def grader(query, catalogue, pools):
    """A function activity id -> grade 0..3 for this query."""
    judgements = query["judgements"]
    needs = judgements.get("needs") or {}
    require_all = set(judgements.get("require_all") or ())
    overrides = list((judgements.get("activities") or {}).items())
    overrides = [item for item in overrides if any(ch in item[0] for ch in "*?[")] + \
                [item for item in overrides if not any(ch in item[0] for ch in "*?[")]
    excluded = set(judgements.get("exclude_activities") or ())
    caps = constraint_sets(query, pools)

    def grade(activity_id):
        facts = catalogue.get(activity_id)
        if facts is None:
            return 0
        value = max((needs.get(slug, 0) for slug in facts["needs"]), default=0)
        if require_all and not require_all <= facts["needs"]:
            value = min(value, 1)
        for pattern, override in overrides:
            if key_matches(facts["key"], pattern):
                value = override
        if any(key_matches(facts["key"], pattern) for pattern in excluded):
            value = 0
        for cap, passing, _ in caps:
            if passing is not None and activity_id not in passing:
                value = min(value, cap)
        return int(value)

    return grade


# -- metrics ------------------------------------------------------------------------------------


def dcg(grades):
    return sum((2 ** grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))


def score_query(retrieved, grade, pool):
    """Metrics for one ranked list of activity ids against the judged pool."""
    judged = {activity_id: grade(activity_id) for activity_id in set(pool) | set(retrieved)}
    relevant = {activity_id for activity_id, value in judged.items() if value >= RELEVANT}
    top = [judged[activity_id] for activity_id in retrieved[:10]]
    ideal = dcg(sorted(judged.values(), reverse=True)[:10])
    return {
        "grades": top,
        "p5": sum(1 for value in top[:5] if value >= RELEVANT) / 5,
        # the best P@5 any ranking could reach here, and P@5 against that ceiling
        "p5_ceiling": min(5, len({a for a in pool if judged[a] >= RELEVANT})) / 5,
        "p5_attainable": (
            sum(1 for value in top[:5] if value >= RELEVANT) / min(5, len(relevant)) if relevant else 0.0
        ),
        "ndcg10": dcg(top) / ideal if ideal else 0.0,
        "recall10": len(relevant & set(retrieved[:10])) / len(relevant) if relevant else 0.0,
        "first_relevant": bool(top) and top[0] >= RELEVANT,
        "relevant_in_pool": len({a for a in pool if judged[a] >= RELEVANT}),
    }


def percentile(values, fraction):
    values = sorted(values)
    if not values:
        return float("nan")
    rank = max(1, math.ceil(fraction * len(values)))
    return values[min(rank, len(values)) - 1]


def mean(values):
    values = list(values)
    return statistics.mean(values) if values else float("nan")


def agreement(first, second):
    a, b = first[:10], second[:10]
    if not a and not b:
        return 1.0
    if not a or not b:
        return 0.0
    return len(set(a) & set(b)) / min(10, len(a), len(b))


# -- running ------------------------------------------------------------------------------------


def run_queries(queries, backends, catalogue, pools):
    from tqdm import tqdm

    from search.service import search_activities

    forms_catalogue = pools.catalogue_sets()
    rows = []
    with tqdm(total=len(queries) * len(backends), desc="Searching", unit="searches", file=sys.stderr,
              disable=not sys.stderr.isatty()) as bar:
        for query in queries:
            radius = query.get("radius", 5)
            values = {"q": query["text"], "postcode": query["location"], "radius": radius, **(query.get("filters") or {})}
            parsed = parse_query(values, forms_catalogue)
            errors = {name: message for name, message in parsed.errors.items() if name != "page"}
            pool = pools.ids(judge_location(query), radius, query.get("filters") or {}) or set()
            grade = grader(query, catalogue, pools)
            provision = any(grade(activity_id) >= RELEVANT for activity_id in pool)
            row = {"query": query, "errors": errors, "pool": len(pool), "provision": provision, "backends": {}}
            for backend in backends:
                entry = {"ids": [], "titles": [], "total": 0, "ms": None, "degraded": False}
                if not errors:
                    began = time.perf_counter()
                    results = search_activities(parsed.params, backend=backend)
                    entry["ms"] = (time.perf_counter() - began) * 1000
                    entry["ids"] = [hit.activity_id for hit in results.hits]
                    entry["titles"] = [hit.title for hit in results.hits]
                    entry["total"] = results.total
                    entry["degraded"] = bool(results.degraded) or results.backend != backend
                    applied = getattr(results, "applied", None)
                    if applied is not None and applied is not parsed.params:
                        entry["applied"] = describe_params(applied)
                entry.update(score_query(entry["ids"], grade, pool))
                entry["top3"] = [
                    {"title": title, "grade": value, "key": catalogue.get(activity_id, {}).get("key")}
                    for activity_id, title, value in zip(entry["ids"][:3], entry["titles"][:3], entry["grades"][:3])
                ]
                row["backends"][backend] = entry
                bar.update(1)
            rows.append(row)
    return rows


def describe_params(params):
    """The search as applied, briefly (what query understanding changed shows up here)."""
    parts = {}
    for name in ("text", "district", "place", "radius_miles", "needs", "days", "times_of_day", "free_only",
                 "max_cost", "attendance", "age"):
        value = getattr(params, name, None)
        if value not in (None, "", (), False):
            parts[name] = str(value) if not isinstance(value, (int, float, bool, str, tuple, list)) else value
    return parts


def time_analysis(texts):
    """p50/p95 ms of search.understanding and search.embeddings on the query texts, if present."""
    report = {}
    try:
        from search import understanding
    except ImportError:
        understanding = None
    function = None
    if understanding is not None:
        function = next((getattr(understanding, name) for name in ("analyse", "analyze", "understand")
                         if callable(getattr(understanding, name, None))), None)
    if function is None:
        report["analysis"] = {"present": False}
    else:
        began = time.perf_counter()
        function("warm up the vocabulary and corpus")
        cold = (time.perf_counter() - began) * 1000
        samples = []
        for text in texts:
            began = time.perf_counter()
            function(text)
            samples.append((time.perf_counter() - began) * 1000)
        report["analysis"] = {"present": True, "function": f"search.understanding.{function.__name__}",
                              "first_ms": cold, "p50_ms": percentile(samples, 0.5), "p95_ms": percentile(samples, 0.95)}
    try:
        from search import embeddings
    except ImportError:
        embeddings = None
    if embeddings is None or not callable(getattr(embeddings, "embed_query", None)):
        report["embedding"] = {"present": False}
    elif callable(getattr(embeddings, "enabled", None)) and not embeddings.enabled():
        report["embedding"] = {"present": True, "enabled": False}
    else:
        clear = getattr(embeddings.embed_query, "cache_clear", lambda: None)
        clear()
        began = time.perf_counter()
        embeddings.embed_query("warm up the model")
        cold = (time.perf_counter() - began) * 1000
        clear()
        samples = []
        for text in texts:
            began = time.perf_counter()
            embeddings.embed_query(text)
            samples.append((time.perf_counter() - began) * 1000)
        clear()
        report["embedding"] = {"present": True, "enabled": True, "first_ms": cold,
                               "p50_ms": percentile(samples, 0.5), "p95_ms": percentile(samples, 0.95)}
    return report


def summarise(rows, backends):
    summary = {}
    judged = [row for row in rows if row["provision"]]
    for backend in backends:
        entries = [(row, row["backends"][backend]) for row in rows]
        with_provision = [(row, entry) for row, entry in entries if row["provision"]]
        zero = [row for row, entry in entries if entry["total"] == 0]
        categories, tags = {}, {}
        for row, entry in with_provision:
            categories.setdefault(row["query"].get("category", "?"), []).append(entry["p5"])
            for tag in dict.fromkeys([row["query"].get("category", "?"), *(row["query"].get("tags") or ())]):
                tags.setdefault(tag, []).append(entry["p5"])
        times = [entry["ms"] for _, entry in entries if entry["ms"] is not None]
        summary[backend] = {
            "queries": len(rows),
            "judged_queries": len(judged),
            "p5": mean(entry["p5"] for _, entry in with_provision),
            "p5_ceiling": mean(entry["p5_ceiling"] for _, entry in with_provision),
            "p5_attainable": mean(entry["p5_attainable"] for _, entry in with_provision),
            "ndcg10": mean(entry["ndcg10"] for _, entry in with_provision),
            "recall10": mean(entry["recall10"] for _, entry in with_provision),
            "first_relevant": mean(float(entry["first_relevant"]) for _, entry in with_provision),
            "zero_rate": len(zero) / len(rows) if rows else float("nan"),
            "zero_queries": len(zero),
            "zero_with_provision": sum(1 for row in zero if row["provision"]),
            "invalid": sum(1 for row in rows if row["errors"]),
            "degraded": sum(1 for _, entry in entries if entry["degraded"]),
            "p50_ms": percentile(times, 0.5),
            "p95_ms": percentile(times, 0.95),
            "per_category_p5": {name: mean(values) for name, values in sorted(categories.items())},
            "per_category_n": {name: len(values) for name, values in sorted(categories.items())},
            "per_tag_p5": {name: mean(values) for name, values in sorted(tags.items())},
            "per_tag_n": {name: len(values) for name, values in sorted(tags.items())},
        }
    if len(backends) == 2:
        values = [agreement(row["backends"][backends[0]]["ids"], row["backends"][backends[1]]["ids"])
                  for row in rows if not row["errors"]]
        summary["agreement_top10"] = mean(values)
    return summary


# -- printing -----------------------------------------------------------------------------------


def fmt(value, digits=3):
    return "n/a" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.{digits}f}"


def print_report(rows, summary, backends, worst, analysis, build, queries_path):
    judged = summary[backends[0]]["judged_queries"]
    print()
    print(f"Relevance: {len(rows)} queries from {queries_path}, {judged} with provision near them "
          f"(the means are over those); sample directory, first page as the search page shows it.")
    print()
    print("| backend | P@5 | nDCG@10 | recall@10 | first result relevant | zero results | zero with provision "
          "| invalid | p50 ms | p95 ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for backend in backends:
        s = summary[backend]
        print(f"| {backend} | {fmt(s['p5'])} | {fmt(s['ndcg10'])} | {fmt(s['recall10'])} | {fmt(s['first_relevant'])} | "
              f"{fmt(s['zero_rate'])} ({s['zero_queries']}) | {s['zero_with_provision']} | {s['invalid']} | "
              f"{fmt(s['p50_ms'], 1)} | {fmt(s['p95_ms'], 1)} |")
    print()
    print("P@5 counts five relevant listings as perfect, but some queries have fewer than five within reach: "
          "the best any ranking could score on this set is " + ", ".join(
              f"{backend} {fmt(summary[backend]['p5_ceiling'])}" for backend in backends) +
          "; P@5 against that ceiling (relevant in the top five / the most there could be): " + ", ".join(
              f"{backend} {fmt(summary[backend]['p5_attainable'])}" for backend in backends) + ".")
    if "agreement_top10" in summary:
        print()
        print(f"Agreement of the two backends' top ten (mean overlap): {fmt(summary['agreement_top10'])}")
    degraded = {backend: summary[backend]["degraded"] for backend in backends if summary[backend]["degraded"]}
    if degraded:
        print(f"Searches answered by another backend (fell back): {degraded}")

    print()
    print("Mean precision at 5 by category (queries with provision):")
    print()
    print("| category | n | " + " | ".join(backends) + " |")
    print("| --- | ---: | " + " | ".join("---:" for _ in backends) + " |")
    for name, count in summary[backends[0]]["per_category_n"].items():
        print(f"| {name} | {count} | " + " | ".join(fmt(summary[b]["per_category_p5"][name], 2) for b in backends) + " |")
    print()
    print("Mean precision at 5 by tag (a query counts under its category and each of its tags):")
    print()
    print("| tag | n | " + " | ".join(backends) + " |")
    print("| --- | ---: | " + " | ".join("---:" for _ in backends) + " |")
    for name, count in summary[backends[0]]["per_tag_n"].items():
        print(f"| {name} | {count} | " + " | ".join(fmt(summary[b]["per_tag_p5"][name], 2) for b in backends) + " |")

    for backend in backends:
        print()
        print(f"The {worst} worst queries by nDCG@10 on {backend} (grade of each of the top three in brackets):")
        print()
        ranked = sorted((row for row in rows if row["provision"]),
                        key=lambda row: (row["backends"][backend]["ndcg10"], row["backends"][backend]["p5"]))
        for row in ranked[:worst]:
            entry = row["backends"][backend]
            top = "; ".join(f"{item['title']} [{item['grade']}]" for item in entry["top3"]) or "(no results)"
            note = f" (invalid: {'; '.join(row['errors'].values())})" if row["errors"] else ""
            print(f"- {row['query']['id']} \"{row['query']['text']}\" @ {row['query']['location']}: "
                  f"nDCG {entry['ndcg10']:.2f}, P@5 {entry['p5']:.1f}, {entry['total']} results{note} -> {top}")

    no_provision = [row for row in rows if not row["provision"]]
    if no_provision:
        print()
        print(f"Queries with no provision near them ({len(no_provision)}; not in the means): " + ", ".join(
            f"{row['query']['id']} ({', '.join(str(row['backends'][b]['total']) for b in backends)} results)"
            for row in no_provision))
    mismatched = [row["query"]["id"] for row in rows if row["query"].get("expect_results", True) != row["provision"]]
    if mismatched:
        print(f"Warning: provision disagrees with expect_results for {', '.join(mismatched)}.")
    invalid = [f"{row['query']['id']} ({'; '.join(row['errors'].values())})" for row in rows if row["errors"]]
    if invalid:
        print(f"Invalid on the search page (not searched): {', '.join(invalid)}")

    print()
    for name, label in (("analysis", "Query analysis"), ("embedding", "Query embedding")):
        item = analysis.get(name, {})
        if not item.get("present"):
            print(f"{label}: not present (no search.{'understanding' if name == 'analysis' else 'embeddings'}).")
        elif item.get("enabled") is False:
            print(f"{label}: present but disabled (model or runtime missing, or SEARCH_SEMANTIC off).")
        else:
            print(f"{label}{' (' + item['function'] + ')' if 'function' in item else ''}: p50 {item['p50_ms']:.1f} ms, "
                  f"p95 {item['p95_ms']:.1f} ms over {len(rows)} texts (first call in this process: {item['first_ms']:.0f} ms, "
                  "not counted; indexing may already have loaded the model)")
    if build:
        print(f"Elasticsearch index build (search.indexing.rebuild): {build[0]:.1f} s for {build[1]} documents.")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", choices=BACKENDS, help="one backend only (database needs no Elasticsearch)")
    parser.add_argument("--rebuild", action="store_true", help="load the sample data into a new bench database")
    parser.add_argument("--json", metavar="PATH", help="write per-query results and the summary as JSON")
    parser.add_argument("--worst", type=int, default=10, help="how many worst queries to list (default 10)")
    parser.add_argument("--queries", default=str(DEFAULT_QUERIES), help="judged queries (.jsonl or a .json list)")
    parser.add_argument("--keep-index", action="store_true", help="leave the bench index in Elasticsearch")
    args = parser.parse_args(argv)

    backends = [args.only] if args.only else list(BACKENDS)
    queries = load_queries(args.queries)
    setup_django("elasticsearch" in backends)
    if "elasticsearch" in backends:
        check_elasticsearch()
    prepare_database(args.rebuild)
    build = None
    try:
        if "elasticsearch" in backends:
            build = build_index()
        catalogue = activity_catalogue()
        pools = Pools(catalogue)
        analysis = time_analysis([query["text"] for query in queries])  # before the searches warm anything
        started = time.perf_counter()
        rows = run_queries(queries, backends, catalogue, pools)
        elapsed = time.perf_counter() - started
        summary = summarise(rows, backends)
        print_report(rows, summary, backends, args.worst, analysis, build, args.queries)
        print(f"({len(rows)} queries x {len(backends)} backends in {elapsed:.0f} s)")
        if args.json:
            out = {
                "queries_file": str(args.queries), "backends": backends, "summary": summary, "analysis": analysis,
                "index_build": {"seconds": build[0], "documents": build[1]} if build else None,
                "queries": [{
                    "id": row["query"]["id"], "text": row["query"]["text"], "location": row["query"]["location"],
                    "category": row["query"].get("category"), "tags": row["query"].get("tags", []),
                    "errors": row["errors"], "pool": row["pool"], "provision": row["provision"],
                    "backends": {b: {k: v for k, v in e.items() if k not in ("titles",)} for b, e in row["backends"].items()},
                } for row in rows],
            }
            pathlib.Path(args.json).parent.mkdir(parents=True, exist_ok=True)
            pathlib.Path(args.json).write_text(json.dumps(out, indent=1, default=str))
            print(f"Wrote {args.json}")
    finally:
        if "elasticsearch" in backends and not args.keep_index:
            from search import indexing

            indexing.drop_all()


if __name__ == "__main__":
    main()
