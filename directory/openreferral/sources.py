"""Where an import reads from: an ORUK API, a JSON dump, or an HSDS tabular data package.

:func:`read` takes what the user typed and returns a :class:`Feed`: the source's identity (how
a second import finds the same source) and its services, each nested as ``/services/{id}``
serves it, plus any organisations the source lists on their own. Anything unusable raises
:class:`SourceError` with a message for the person who ran the import.

- ``http(s)://...``: an ORUK 3.0 API base URL. ``/services`` is walked page by page (1-based,
  up to ``total_pages``), each service fetched whole from ``/services/{id}`` and each of
  their organisations from ``/organizations/{id}`` (when the feed has it).
- a folder or ``.zip`` with ``datapackage.json``: HSDS 3.0 tabular data (CSV files).
- a folder of ORUK responses (as the official validator's sample feeds are), read as an API.
- any other file: JSON, either a list of services, a paginated response (``contents``), an
  object with ``services``, or one service.
"""
import json
import posixpath
import time
import urllib.parse
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from . import conformance, tabular

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PAGES = 10000
PER_PAGE = 100


class SourceError(Exception):
    """The source cannot be read; the message says why, in words for the person importing."""


@dataclass
class Feed:
    location: str  # the source's identity: a URL without a trailing slash, or an absolute path
    name: str
    kind: str  # "api", "json" or "package"
    services: list = field(default_factory=list)
    organizations: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # pages or records that could not be read

    @property
    def complete(self):
        """Whether every page was read (only then can a missing record be said to have vanished)."""
        return not self.problems


def read(source, progress=None):
    """The :class:`Feed` at ``source``. ``progress(done, total)``, if given, is called as an
    API's services are fetched one by one (the slow part of reading a feed over HTTP)."""
    source = str(source or "").strip()
    if not source:
        raise SourceError("Say what to import: an ORUK API base URL, a JSON file, or a data package (a folder or zip).")
    if urllib.parse.urlsplit(source).scheme in ("http", "https"):
        return _read_api(conformance.HttpFeed(source), source.rstrip("/"), urllib.parse.urlsplit(source).hostname or source,
                         progress)
    path = Path(source).expanduser()
    if not path.exists():
        raise SourceError(f"There is no file or folder at {source}.")
    path = path.resolve()
    if path.is_dir():
        if (path / "datapackage.json").is_file():
            return _read_package(_FolderFiles(path), str(path), path.name)
        if conformance.sample_file(path, "/services"):
            return _read_api(conformance.FolderFeed(path), str(path), path.name)
        raise SourceError(f"{source} is a folder without a datapackage.json (nor ORUK responses such as service_list.json).")
    if zipfile.is_zipfile(path):
        return _read_package(_ZipFiles(path), str(path), path.name)
    if path.suffix.lower() == ".zip":
        raise SourceError(f"{source} is not a zip file that can be opened.")
    return _read_json(path)


# -- JSON ------------------------------------------------------------------------------------------


def _load_json(data, where):
    try:
        return json.loads(data)
    except UnicodeDecodeError:
        raise SourceError(f"{where} is not JSON: it is not UTF-8 text.") from None
    except json.JSONDecodeError as error:
        raise SourceError(f"{where} is not JSON ({error.msg} at line {error.lineno}, column {error.colno}).") from None


def services_in(data, where):
    """The services of a JSON dump: a list, a paginated response, ``{"services": [...]}`` or one."""
    if isinstance(data, dict) and isinstance(data.get("contents"), list):
        data = data["contents"]
    elif isinstance(data, dict) and isinstance(data.get("services"), list):
        data = data["services"]
    elif isinstance(data, dict) and data.get("name") is not None:
        data = [data]
    if not isinstance(data, list):
        raise SourceError(f"{where} is JSON, but not ORUK services: expected a list of services or a paginated response with contents.")
    return data


def _read_json(path):
    if path.stat().st_size > MAX_FILE_BYTES:
        raise SourceError(f"{path} is larger than {MAX_FILE_BYTES // 1024 // 1024} MB.")
    data = _load_json(path.read_bytes(), str(path))
    return Feed(str(path), path.name, "json", services=services_in(data, str(path)))


# -- an API ------------------------------------------------------------------------------------------


RETRY_DELAYS = (0.5, 2.0)  # seconds before the second and third tries of a failed request


def _get_json(feed, path, page=None):
    """(data, None) or (None, the problem). A request that fails to connect, or that the server
    answers with 429 or a 5xx, is tried again after :data:`RETRY_DELAYS`."""
    response = feed.get(path, page)
    for delay in RETRY_DELAYS:
        if response.ok or not (response.error or response.status == 429 or (response.status or 0) >= 500):
            break
        time.sleep(delay)
        response = feed.get(path, page)
    if not response.ok:
        return None, f"{response.url}: {response.error or f'answered HTTP {response.status}'}"
    try:
        return json.loads(response.body), None
    except (UnicodeDecodeError, json.JSONDecodeError):
        return None, f"{response.url}: the answer is not JSON"


def _read_api(feed, location, name, progress=None):
    result = Feed(location, name, "api")
    first, problem = _get_json(feed, "/services", 1)
    if first is None:
        raise SourceError(f"Could not read the services of {location}: {problem}.")
    if not isinstance(first, dict) or not isinstance(first.get("contents"), list):
        raise SourceError(f"{location}/services is not an ORUK list of services (no contents).")
    total_pages = first.get("total_pages") if isinstance(first.get("total_pages"), int) else 1
    pages = [first]
    for page in range(2, min(max(total_pages, 1), MAX_PAGES) + 1):
        data, problem = _get_json(feed, "/services", page)
        if data is None or not isinstance(data, dict) or not isinstance(data.get("contents"), list):
            result.problems.append(problem or f"page {page} of /services is not an ORUK list")
            continue
        if not data["contents"]:
            break
        pages.append(data)
    seen = set()
    total = sum(len(data["contents"]) for data in pages)
    for data in pages:
        for item in data["contents"]:
            if progress is not None:
                progress(len(result.services), total)
            item_id = item.get("id") if isinstance(item, dict) else None
            if not isinstance(item_id, str) or not item_id:
                result.services.append(item)  # judged (and reported) by the importer
                continue
            if item_id in seen:
                continue
            seen.add(item_id)
            whole, problem = _get_json(feed, f"/services/{urllib.parse.quote(item_id, safe='')}")
            if isinstance(whole, dict):
                result.services.append(whole)
            else:
                result.problems.append(problem or f"/services/{item_id} is not a service")
                result.services.append(item)  # the list's own, less nested, copy
    result.organizations = _organisations(feed, result.services)
    return result


def _organisations(feed, services):
    """Each service's organisation in full (identifiers, phones), from the optional
    ``/organizations/{id}``; a feed without it keeps the services' own brief copies."""
    found = []
    ids = dict.fromkeys(
        str(service["organization"]["id"]) for service in services
        if isinstance(service, dict) and isinstance(service.get("organization"), dict) and service["organization"].get("id")
    )
    for organisation_id in ids:
        whole, _problem = _get_json(feed, f"/organizations/{urllib.parse.quote(organisation_id, safe='')}")
        if isinstance(whole, dict) and str(whole.get("id")) == organisation_id:
            found.append({key: value for key, value in whole.items() if key != "services"})
    return found


# -- tabular data packages -------------------------------------------------------------------------


class _FolderFiles:
    def __init__(self, folder):
        self.folder = folder

    def read(self, name):
        path = (self.folder / name).resolve()
        if self.folder not in path.parents or not path.is_file():
            return None
        if path.stat().st_size > MAX_FILE_BYTES:
            raise SourceError(f"{path} is larger than {MAX_FILE_BYTES // 1024 // 1024} MB.")
        return path.read_bytes()


class _ZipFiles:
    def __init__(self, path):
        self.path = path
        try:
            self.zip = zipfile.ZipFile(path)
            names = self.zip.namelist()
        except (zipfile.BadZipFile, OSError) as error:
            raise SourceError(f"{path} is not a zip file that can be opened ({error}).") from None
        if sum(info.file_size for info in self.zip.infolist()) > MAX_FILE_BYTES:
            raise SourceError(f"{path} holds more than {MAX_FILE_BYTES // 1024 // 1024} MB.")
        packages = sorted((name for name in names if posixpath.basename(name) == "datapackage.json"), key=lambda n: n.count("/"))
        if not packages:
            raise SourceError(f"{path} is a zip file without a datapackage.json, so it is not an HSDS tabular data package.")
        self.prefix = posixpath.dirname(packages[0])

    def read(self, name):
        name = posixpath.normpath(posixpath.join(self.prefix, name))
        if name.startswith("..") or name.startswith("/"):
            return None
        try:
            return self.zip.read(name)
        except KeyError:
            return None


def _read_package(files, location, name):
    where = f"{location} (datapackage.json)"
    package = _load_json(files.read("datapackage.json") or b"", where)
    resources = package.get("resources") if isinstance(package, dict) else None
    if not isinstance(resources, list):
        raise SourceError(f"{where} lists no resources.")
    tables, problems = {}, []
    for resource in resources:
        if not isinstance(resource, dict) or not isinstance(resource.get("path"), str):
            continue
        path = resource["path"]
        if "://" in path or posixpath.isabs(path) or ".." in path.split("/"):
            problems.append(f"{path}: only files inside the package are read")
            continue
        table = resource.get("name") or posixpath.splitext(posixpath.basename(path))[0]
        data = files.read(path)
        if data is None:
            problems.append(f"{path}: listed in datapackage.json but not in the package")
            continue
        fields = (resource.get("schema") or {}).get("fields") or []
        types = {f.get("name"): f.get("type") for f in fields if isinstance(f, dict)}
        try:
            tables[table] = tabular.read_csv(data.decode("utf-8-sig"), types)
        except UnicodeDecodeError:
            problems.append(f"{path}: not UTF-8 text")
    if "services" not in tables and "organizations" not in tables:
        raise SourceError(f"{location} has no services.csv or organizations.csv to import.")
    services, organisations = tabular.nest(tables)
    return Feed(location, name, "package", services=services, organizations=organisations, problems=problems)
