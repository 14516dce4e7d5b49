"""Fixtures for the search tests: the real Elasticsearch node, and unique index names.

The node is the one ``scripts/elasticsearch start`` runs (``scripts/test`` starts it and sets
``ELASTICSEARCH_TEST_URL``). If it is not running, every Elasticsearch test fails with a
message saying how to start it; none is skipped.

Every test session uses its own index prefix (``lsdtest-<pid>-<random>``), and each test or
module gets its own prefix under it, so parallel runs and other people's tests never collide.
The session deletes its indexes at the end.
"""
import itertools
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest
from django.test import override_settings
from elasticsearch import Elasticsearch

ELASTICSEARCH_TEST_URL = os.environ.get("ELASTICSEARCH_TEST_URL", "http://127.0.0.1:9200")
_counter = itertools.count(1)
REPO = Path(__file__).resolve().parents[2]


def elasticsearch_missing_message(url, error):
    return (
        f"Elasticsearch is not running at {url} ({type(error).__name__}). Start it with "
        "`scripts/elasticsearch start` (scripts/test does this for you) or point "
        "ELASTICSEARCH_TEST_URL at a running node."
    )


@pytest.fixture(scope="session")
def elasticsearch_url():
    """The test node's URL, after checking it answers (``GET /`` is absent on the zip)."""
    client = Elasticsearch(ELASTICSEARCH_TEST_URL, request_timeout=10, max_retries=0)
    try:
        client.cluster.health(wait_for_status="yellow", timeout="10s")
    except Exception as error:  # connection refused, timeout, anything: fail loudly
        pytest.fail(elasticsearch_missing_message(ELASTICSEARCH_TEST_URL, error), pytrace=False)
    return ELASTICSEARCH_TEST_URL


@pytest.fixture(scope="session")
def es_client(elasticsearch_url):
    return Elasticsearch(elasticsearch_url, request_timeout=60, max_retries=0)


@pytest.fixture(scope="session")
def es_session_prefix(es_client):
    """``lsdtest-<pid>-<random>``; every index this session makes starts with it."""
    prefix = f"lsdtest-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    yield prefix
    names = list(es_client.indices.get(index=f"{prefix}*", expand_wildcards="all").body)
    if names:
        es_client.indices.delete(index=",".join(names), ignore_unavailable=True)


def elasticsearch_settings(url, prefix, **extra):
    return {"ELASTICSEARCH_URL": url, "INDEX_PREFIX": prefix, "USE_ENGLISH_ANALYZER": False, **extra}


class ElasticsearchForTests:
    """A configured search backend on the test node, with its own index prefix."""

    def __init__(self, client, url, prefix):
        self.client, self.url, self.prefix = client, url, prefix
        self.alias = f"{prefix}-activities"
        self.settings = elasticsearch_settings(url, prefix)

    def override(self, **extra):
        """``override_settings`` pointing search at this node and prefix."""
        return override_settings(SEARCH_BACKEND={**self.settings, **extra})

    def documents(self):
        """{activity id: source} of every document behind the alias."""
        self.client.indices.refresh(index=self.alias)
        found = self.client.search(index=self.alias, size=10_000, query={"match_all": {}})
        return {int(hit["_id"]): hit["_source"] for hit in found["hits"]["hits"]}

    def backing_indexes(self):
        return sorted(self.client.indices.get_alias(name=self.alias).body)


@pytest.fixture(scope="session")
def es_session(es_client, elasticsearch_url, es_session_prefix):
    """Makes an :class:`ElasticsearchForTests` with a fresh prefix each time it is called."""
    return lambda: ElasticsearchForTests(es_client, elasticsearch_url, f"{es_session_prefix}-{next(_counter)}")


@pytest.fixture
def elasticsearch(es_session):
    """Search configured to use the real node, with an index prefix of this test's own.

    The index is not built: call ``search.indexing.rebuild()`` (or the command) in the test.
    """
    backend = es_session()
    with backend.override():
        yield backend


@pytest.fixture(autouse=True)
def fresh_need_vocabulary():
    """Tests that edit needs roll back; make sure no test sees another's cached synonyms."""
    from search.text import forget_need_vocabulary

    forget_need_vocabulary()
    yield
    forget_need_vocabulary()


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def free_ports(count, transport_offset=100):
    """A base port with ``count`` free HTTP ports after it, and their transport ports free too."""
    for base in range(20000, 40000, 7 + os.getpid() % 50):
        wanted = [base + n for n in range(count)] + [base + transport_offset + n for n in range(count)]
        try:
            for port in wanted:
                with socket.socket() as probe:
                    probe.bind(("127.0.0.1", port))
        except OSError:
            continue
        return base
    raise RuntimeError("No free ports for an Elasticsearch cluster on loopback.")


class PrivateNode:
    """A real Elasticsearch node of a test's own, run by ``scripts/elasticsearch`` on its own
    port with its own state directory, that the test may stop, start, pause (SIGSTOP: alive
    but not answering, as a hung server is) and resume. The shared node is never touched.
    Starting a node takes 15–30 seconds."""

    def __init__(self, port, nodes=1):
        self.port, self.nodes = port, nodes
        self.var_dir = tempfile.mkdtemp(prefix="lsd-search-node-")
        os.chmod(self.var_dir, 0o755)  # the unprivileged user the node runs as must reach it
        self.env = {**os.environ, "ES_PORT": str(port), "LSD_VAR_DIR": self.var_dir, "ES_NODES": str(nodes)}
        self.url = ",".join(f"http://127.0.0.1:{port + n}" for n in range(nodes))

    def run(self, command, timeout=240, node=None):
        env = {**self.env, "ES_NODE": str(node)} if node else self.env
        return subprocess.run([str(REPO / "scripts" / "elasticsearch"), command], env=env,
                              capture_output=True, text=True, timeout=timeout)

    def start(self, node=None):
        done = self.run("start", node=node)
        if done.returncode != 0:
            pytest.fail(f"Could not start Elasticsearch on port {self.port}:\n{done.stderr[-2000:]}")

    def stop(self):
        self.resume()
        return self.run("stop", timeout=90)

    def pid(self, node=None):
        found = self.run("pid", timeout=30, node=node).stdout.split()
        return int(found[0]) if found else 0

    def kill(self, node):
        """Kill one node of a cluster outright (SIGKILL), as a crash would."""
        os.kill(self.pid(node), signal.SIGKILL)

    def pause(self):
        os.kill(self.pid(), signal.SIGSTOP)

    def resume(self):
        pid = self.pid()
        if pid:
            os.kill(pid, signal.SIGCONT)

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.var_dir, ignore_errors=True)


@pytest.fixture
def private_node(elasticsearch_url):
    """A private node of this test's own."""
    node = PrivateNode(free_port())
    node.start()
    yield node
    node.cleanup()


@pytest.fixture(scope="module")
def cluster(elasticsearch_url):
    """Three private nodes on loopback forming one cluster."""
    nodes = PrivateNode(free_ports(3), nodes=3)
    nodes.start()
    yield nodes
    nodes.cleanup()


@pytest.fixture(scope="module")
def spare_node(elasticsearch_url):
    """A private node shared by one module's tests (each makes sure it is started)."""
    node = PrivateNode(free_port())
    node.start()
    yield node
    node.cleanup()
