"""Judge an Open Referral UK 3.0 feed as the official validator (OpenReferralUK/oruk-validator) does.

    report = check_feed("https://example.org/oruk")   # or a folder of sample responses
    print(report.text()); report.verdict               # "pass", "pass with warnings" or "fail"

1. Discovery: ``GET /`` must match ``api_details.json``; its ``version`` picks the spec
   (``HSDS-UK-3.0`` is the one known here).
2. Every path of the spec's ``openapi.json`` is tested; ``/``, ``/services`` and
   ``/services/{id}`` are required, the others optional (their tags say so).
3. A list (a path with a ``page`` parameter) is fetched at ``?page=1``, at its middle page
   (``total_pages // 2``, when there are more than two) and its last page; no other parameter
   is sent. A list with no items is a warning.
4. Up to ten ids from the first page of a list are fetched at its ``/{id}`` path.
5. Each response is validated against the schema the spec names, with ``format`` asserted
   (uuid, uri, email, date-time) and ``null`` an error wherever it appears.

Judging, as the validator judges: any error on a required endpoint fails the feed; so does
an optional *list* with schema errors. An optional endpoint that answers an error status (a
404: not implemented), and schema errors on an optional *detail* endpoint, are warnings.

The spec is read from ``ORUK_SPEC_DIR`` or ``../shared/oruk-3.0`` beside the project.
Needs ``jsonschema`` with ``rfc3986-validator`` and ``rfc3339-validator`` (without them the
``uri`` and ``date-time`` formats would silently pass).
"""
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

SCHEMA_BASE = "https://openreferraluk.org/specifications/3.0/schema/"
SUPPORTED_VERSIONS = ("HSDS-UK-3.0",)
MAX_IDS = 10
MAX_BODY_BYTES = 50 * 1024 * 1024
MAX_MESSAGES = 20  # per response
REQUIRED_FORMATS = ("uuid", "uri", "email", "date-time")
USER_AGENT = "local-support-directory-oruk-check/1.0"


class SpecMissing(Exception):
    pass


def default_spec_dir():
    configured = os.environ.get("ORUK_SPEC_DIR")
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[2] / ".." / "shared" / "oruk-3.0"


# -- the specification --------------------------------------------------------------------------


@dataclass
class Endpoint:
    path: str
    required: bool
    paginated: bool
    schema_url: str

    @property
    def is_detail(self):
        return "{" in self.path

    @property
    def collection(self):
        """``/services`` for ``/services/{id}``."""
        return self.path.split("/{", 1)[0]


class Spec:
    """``openapi.json`` and the schemas it names, ready to validate responses with."""

    def __init__(self, folder=None):
        from jsonschema import FormatChecker
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        self.folder = Path(folder or default_spec_dir()).resolve()
        openapi = self.folder / "openapi.json"
        if not openapi.is_file():
            raise SpecMissing(
                f"No ORUK 3.0 specification at {self.folder}: set ORUK_SPEC_DIR to the folder with openapi.json and schema/."
            )
        self.document = json.loads(openapi.read_text())
        self.version = self.document["info"]["version"]
        resources = [
            (SCHEMA_BASE + path.name, Resource(json.loads(path.read_text()), specification=DRAFT202012))
            for path in sorted((self.folder / "schema").glob("*.json"))
        ]
        self.registry = Registry().with_resources(resources)
        self.format_checker = FormatChecker()
        missing = [name for name in REQUIRED_FORMATS if name not in self.format_checker.checkers]
        if missing:
            raise RuntimeError(f"Formats {missing} would not be checked: install rfc3986-validator and rfc3339-validator.")
        self._validators = {}

    def _parameter(self, parameter):
        ref = parameter.get("$ref", "")
        if ref.startswith("#/components/parameters/"):
            return {**self.document["components"]["parameters"][ref.rsplit("/", 1)[1]], **parameter}
        return parameter

    def endpoints(self):
        found = []
        for path, item in self.document["paths"].items():
            operation = item.get("get")
            if operation is None:
                continue
            tags = {tag.lower() for tag in operation.get("tags", [])}
            parameters = [self._parameter(p) for p in item.get("parameters", []) + operation.get("parameters", [])]
            paginated = any(p.get("name") == "page" and p.get("in") == "query" for p in parameters)
            schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
            found.append(Endpoint(path, "optional" not in tags, paginated, schema["$ref"]))
        return found

    def errors(self, data, schema_url):
        """Schema errors (formats asserted) and every ``null``, as short messages."""
        from jsonschema import Draft202012Validator

        if schema_url not in self._validators:
            self._validators[schema_url] = Draft202012Validator(
                {"$ref": schema_url}, registry=self.registry, format_checker=self.format_checker
            )
        messages = [f"{error.json_path}: {_shorten(error.message)}" for error in self._validators[schema_url].iter_errors(data)]
        messages += [f"{path}: null is not allowed; leave out absent values" for path in _nulls(data)]
        return _deduplicated(messages)


def _shorten(text, limit=200):
    return text if len(text) <= limit else text[:limit] + "…"


def _nulls(data, path="$"):
    if data is None:
        yield path
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _nulls(value, f"{path}.{key}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _nulls(value, f"{path}[{index}]")


def _deduplicated(messages):
    """One message per kind of problem: ``$.contents[3].url`` counts as ``$.contents.url``."""
    seen, kept = set(), []
    for message in messages:
        key = re.sub(r"\[\d+\]", "", message)
        if key not in seen:
            seen.add(key)
            kept.append(key)
    return kept


# -- fetching: over HTTP, or from a folder of sample responses ------------------------------------


@dataclass
class Response:
    url: str
    status: int | None = None
    body: bytes = b""
    error: str = ""

    @property
    def ok(self):
        return self.status is not None and 200 <= self.status < 300


class HttpFeed:
    def __init__(self, base_url, timeout=30):
        scheme = urllib.parse.urlsplit(base_url).scheme
        if scheme not in ("http", "https"):
            raise ValueError(f"A feed's base URL must be http or https, not {base_url!r}.")
        self.base_url, self.timeout = base_url.rstrip("/"), timeout

    def url(self, path, page=None):
        return self.base_url + path + (f"?page={page}" if page is not None else "")

    def get(self, path, page=None):
        url = self.url(path, page)
        request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as answer:
                return Response(url, answer.status, answer.read(MAX_BODY_BYTES + 1))
        except urllib.error.HTTPError as failed:
            return Response(url, failed.code, failed.read(MAX_BODY_BYTES + 1))
        except (urllib.error.URLError, OSError, ValueError) as failed:
            return Response(url, error=f"could not fetch it: {failed}")


# How the official validator's mock serves its sample folders (MockController): one file per
# endpoint whatever the id or page. An organisation is organization_full.json or organization.json.
SAMPLE_FILES = {
    "/": ("api_details.json",),
    "/services": ("service_list.json",),
    "/services/{id}": ("service_full.json",),
    "/service_at_locations": ("service_at_location_list.json",),
    "/service_at_locations/{id}": ("service_at_location_full.json",),
    "/organizations": ("organization_list.json",),
    "/organizations/{id}": ("organization_full.json", "organization.json"),
    "/taxonomies": ("taxonomy_list.json",),
    "/taxonomies/{id}": ("taxonomy.json",),
    "/taxonomy_terms": ("taxonomy_term_list.json",),
    "/taxonomy_terms/{id}": ("taxonomy_term.json",),
}


def sample_file(folder, path):
    """The file of a sample feed ``folder`` that answers ``path`` (query ignored), or None."""
    parts = [part for part in urllib.parse.urlsplit(path).path.split("/") if part]
    if len(parts) > 2:
        return None
    route = "/" + "/".join(parts[:1] + ["{id}"] * (len(parts) == 2))
    for name in SAMPLE_FILES.get(route, ()):
        if (Path(folder) / name).is_file():
            return Path(folder) / name
    return None


class FolderFeed:
    def __init__(self, folder):
        self.folder = Path(folder)

    def get(self, path, page=None):
        url = f"{self.folder}{path}" + (f"?page={page}" if page is not None else "")
        found = sample_file(self.folder, path)
        if found is None:
            return Response(url, 404, b'{"error": "not found"}')
        return Response(url, 200, found.read_bytes())


def open_feed(source, timeout=30):
    if Path(str(source)).is_dir():
        return FolderFeed(source)
    return HttpFeed(str(source), timeout)


# -- the report ---------------------------------------------------------------------------------


@dataclass
class Finding:
    severity: str  # "error" or "warning"
    url: str
    message: str


@dataclass
class EndpointResult:
    path: str
    required: bool
    requests: list = field(default_factory=list)  # URLs fetched
    findings: list = field(default_factory=list)
    tested: bool = True

    def add(self, severity, url, message):
        self.findings.append(Finding(severity, url, message))

    @property
    def status(self):
        if any(finding.severity == "error" for finding in self.findings):
            return "fail"
        if not self.tested:
            return "not tested"
        return "warn" if self.findings else "pass"


@dataclass
class Report:
    source: str
    version: str = ""
    endpoints: list = field(default_factory=list)

    @property
    def verdict(self):
        statuses = {endpoint.status for endpoint in self.endpoints}
        if "fail" in statuses or not self.endpoints:
            return "fail"
        return "pass with warnings" if statuses - {"pass"} else "pass"

    @property
    def warnings(self):
        return [f for endpoint in self.endpoints for f in endpoint.findings if f.severity == "warning"]

    @property
    def errors(self):
        return [f for endpoint in self.endpoints for f in endpoint.findings if f.severity == "error"]

    def result(self, path):
        return next(endpoint for endpoint in self.endpoints if endpoint.path == path)

    def text(self):
        lines = [f"Open Referral UK conformance of {self.source} ({self.version or 'version unknown'})"]
        for endpoint in self.endpoints:
            kind = "required" if endpoint.required else "optional"
            count = len(endpoint.requests)
            lines.append(f"{endpoint.status.upper():<11}{endpoint.path:<30}{kind:<10}{count} request{'s' * (count != 1)}")
            for finding in endpoint.findings:
                lines.append(f"    {finding.severity}: {finding.url}: {finding.message}")
        counts = {status: sum(e.status == status for e in self.endpoints) for status in ("pass", "warn", "not tested", "fail")}
        lines.append(
            f"Result: {self.verdict} ({len(self.endpoints)} endpoints: {counts['pass']} passed, "
            f"{counts['warn'] + counts['not tested']} with warnings, {counts['fail']} failed)"
        )
        return "\n".join(lines)

    def as_dict(self):
        return {
            "source": self.source, "version": self.version, "verdict": self.verdict,
            "endpoints": [
                {"path": e.path, "required": e.required, "status": e.status, "requests": e.requests,
                 "findings": [f.__dict__ for f in e.findings]}
                for e in self.endpoints
            ],
        }


# -- checking -------------------------------------------------------------------------------------


def _fetch(feed, result, path, page=None):
    """GET a path; the parsed JSON, or None with the problem noted on ``result``."""
    response = feed.get(path, page)
    result.requests.append(response.url)
    if not response.ok:
        problem = response.error or f"answered HTTP {response.status}"
        if result.required:
            result.add("error", response.url, f"a required endpoint {problem}")
        else:
            result.add("warning", response.url, f"an optional endpoint {problem} (not implemented, which is allowed)")
        return None
    if len(response.body) > MAX_BODY_BYTES:
        result.add("error", response.url, "the response is larger than 50 MB")
        return None
    try:
        return json.loads(response.body)
    except (UnicodeDecodeError, json.JSONDecodeError) as failed:
        result.add("error", response.url, f"the response is not JSON ({failed})")
        return None


def _validate(spec, result, url, data, schema_url, severity):
    for message in spec.errors(data, schema_url)[:MAX_MESSAGES]:
        result.add(severity, url, message)


def check_list(spec, feed, endpoint):
    """Pages 1, middle and last of a list; returns the result and the ids on page 1."""
    result = EndpointResult(endpoint.path, endpoint.required)
    first = _fetch(feed, result, endpoint.path, page=1)
    if first is None:
        return result, []
    _validate(spec, result, result.requests[-1], first, endpoint.schema_url, "error")
    contents = first.get("contents") if isinstance(first, dict) else None
    if not contents:
        result.add("warning", result.requests[-1], "the list has no items, so its pages and ids cannot be tested")
        return result, []
    total_pages = first.get("total_pages")
    if isinstance(total_pages, int) and not isinstance(total_pages, bool) and total_pages > 1:
        pages = ([total_pages // 2] if total_pages > 2 else []) + [total_pages]
        for page in pages:
            data = _fetch(feed, result, endpoint.path, page=page)
            if data is not None:
                _validate(spec, result, result.requests[-1], data, endpoint.schema_url, "error")
    ids = []
    for item in contents:
        item_id = item.get("id") if isinstance(item, dict) else None
        if isinstance(item_id, str) and item_id and item_id not in ids:
            ids.append(item_id)
    return result, ids[:MAX_IDS]


def check_detail(spec, feed, endpoint, ids):
    result = EndpointResult(endpoint.path, endpoint.required)
    if not ids:
        result.tested = False
        result.add("warning", endpoint.path, f"no ids from {endpoint.collection} to test it with")
        return result
    severity = "error" if endpoint.required else "warning"
    for item_id in ids:
        path = endpoint.path.replace("{id}", urllib.parse.quote(item_id, safe=""))
        data = _fetch(feed, result, path)
        if data is not None:
            _validate(spec, result, result.requests[-1], data, endpoint.schema_url, severity)
    return result


def check_feed(source, spec_dir=None, timeout=30):
    """The :class:`Report` on the feed at ``source``: a base URL, or a sample folder."""
    spec = Spec(spec_dir)
    feed = open_feed(source, timeout)
    report = Report(str(source))
    endpoints = {endpoint.path: endpoint for endpoint in spec.endpoints()}
    root = EndpointResult("/", required=True)
    report.endpoints.append(root)
    details = _fetch(feed, root, "/")
    if details is None:
        return report
    _validate(spec, root, root.requests[-1], details, endpoints["/"].schema_url, "error")
    report.version = details.get("version", "") if isinstance(details, dict) else ""
    if report.version not in SUPPORTED_VERSIONS:
        root.add("error", root.requests[-1], f"version {report.version!r} is not one this checker knows ({', '.join(SUPPORTED_VERSIONS)})")
        return report
    ids = {}
    for endpoint in endpoints.values():
        if endpoint.path != "/" and not endpoint.is_detail:
            result, ids[endpoint.path] = check_list(spec, feed, endpoint) if endpoint.paginated else _check_single(spec, feed, endpoint)
            report.endpoints.append(result)
    for endpoint in endpoints.values():
        if endpoint.is_detail:
            report.endpoints.append(check_detail(spec, feed, endpoint, ids.get(endpoint.collection, [])))
    return report


def _check_single(spec, feed, endpoint):
    result = EndpointResult(endpoint.path, endpoint.required)
    data = _fetch(feed, result, endpoint.path)
    if data is not None:
        _validate(spec, result, result.requests[-1], data, endpoint.schema_url, "error" if endpoint.required else "warning")
    return result, []
