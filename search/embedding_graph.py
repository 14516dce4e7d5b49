"""The sentence-embedding forward pass, written twice: in numpy and as an ONNX graph.

Both compute what sentence-transformers computes for a BERT model with mean pooling and
normalisation (all-MiniLM-L6-v2): token + position + type embeddings, LayerNorm, N encoder
layers (self-attention, feed-forward with exact GELU, each followed by residual + LayerNorm),
the mean of the token vectors under the attention mask, then L2 normalisation.

The numpy version is the reference the graph is tested against (to 1e-4) and the fallback the
benchmark measures; the graph is what `search.embeddings` runs, with onnxruntime. Weights are
the model's safetensors tensors, by their Hugging Face names. No Django here.
"""
import json
import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

# Bump when the graph below changes, so cached .onnx files are rebuilt.
GRAPH_VERSION = 1
OPSET = 17  # LayerNormalization is in the default domain from opset 17


@dataclass(frozen=True)
class BertConfig:
    hidden_size: int
    num_heads: int
    num_layers: int
    layer_norm_eps: float

    @classmethod
    def from_model_dir(cls, model_dir):
        config = json.loads((Path(model_dir) / "config.json").read_text())
        if config.get("hidden_act", "gelu") != "gelu":
            raise ValueError(f"unsupported activation {config['hidden_act']!r}")
        return cls(
            hidden_size=config["hidden_size"],
            num_heads=config["num_attention_heads"],
            num_layers=config["num_hidden_layers"],
            layer_norm_eps=config.get("layer_norm_eps", 1e-12),
        )

    @property
    def head_size(self):
        return self.hidden_size // self.num_heads


def load_weights(path):
    """The model's tensors as {name: float32 array}, from a .safetensors file."""
    from safetensors.numpy import load_file

    return load_file(str(path))


# numpy --------------------------------------------------------------------------------


def _erf(x):
    """erf to within 1.5e-7 (Abramowitz and Stegun 7.1.26); numpy has no erf."""
    sign = np.sign(x)
    x = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * x)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-x * x))


def _layer_norm(x, weight, bias, eps):
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def numpy_forward(weights, config, input_ids, attention_mask):
    """(batch, seq) token ids and mask -> (batch, hidden) L2-normalised float32 embeddings."""
    w = weights
    batch, seq = input_ids.shape
    heads, head_size = config.num_heads, config.head_size
    x = (
        w["embeddings.word_embeddings.weight"][input_ids]
        + w["embeddings.position_embeddings.weight"][:seq]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], config.layer_norm_eps)
    mask = attention_mask.astype(np.float32)
    mask_bias = ((mask - 1.0) * 10000.0)[:, None, None, :]

    def dense(h, name):
        return h @ w[f"{name}.weight"].T + w[f"{name}.bias"]

    def split_heads(h):
        return h.reshape(batch, seq, heads, head_size).transpose(0, 2, 1, 3)

    for i in range(config.num_layers):
        p = f"encoder.layer.{i}"
        q = split_heads(dense(x, f"{p}.attention.self.query"))
        k = split_heads(dense(x, f"{p}.attention.self.key"))
        v = split_heads(dense(x, f"{p}.attention.self.value"))
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head_size) + mask_bias
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        probs = scores / scores.sum(-1, keepdims=True)
        context = (probs @ v).transpose(0, 2, 1, 3).reshape(batch, seq, config.hidden_size)
        x = _layer_norm(
            dense(context, f"{p}.attention.output.dense") + x,
            w[f"{p}.attention.output.LayerNorm.weight"], w[f"{p}.attention.output.LayerNorm.bias"],
            config.layer_norm_eps,
        )
        h = dense(x, f"{p}.intermediate.dense")
        h = 0.5 * h * (1.0 + _erf(h / math.sqrt(2.0)))
        x = _layer_norm(
            dense(h, f"{p}.output.dense") + x,
            w[f"{p}.output.LayerNorm.weight"], w[f"{p}.output.LayerNorm.bias"],
            config.layer_norm_eps,
        )
    summed = (x * mask[:, :, None]).sum(1)
    pooled = summed / np.maximum(mask.sum(1, keepdims=True), 1e-9)
    norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
    return (pooled / norms).astype(np.float32)


# ONNX ---------------------------------------------------------------------------------


class _GraphBuilder:
    """Collects nodes and initialisers; each method adds one node and returns its output name."""

    def __init__(self):
        self.nodes, self.initializers, self._count = [], [], 0

    def const(self, name, array):
        from onnx import numpy_helper

        self.initializers.append(numpy_helper.from_array(np.ascontiguousarray(array), name))
        return name

    def op(self, op_type, *inputs, **attributes):
        from onnx import helper

        self._count += 1
        output = f"{op_type.lower()}_{self._count}"
        self.nodes.append(helper.make_node(op_type, list(inputs), [output], **attributes))
        return output


def build_onnx_model(weights, config):
    """The same forward pass as `numpy_forward`, as an onnx.ModelProto.

    Inputs `input_ids` and `attention_mask` (int64, batch x sequence); output `embedding`
    (float32, batch x hidden). Query, key and value are one MatMul, and the 1/sqrt(head size)
    attention scale is folded into the query weights.
    """
    import onnx
    from onnx import TensorProto, helper

    w = weights
    g = _GraphBuilder()
    hidden, heads, head_size, eps = config.hidden_size, config.num_heads, config.head_size, config.layer_norm_eps

    # Embeddings: token type is always 0, so it is folded into the position table.
    word = g.const("word_embeddings", w["embeddings.word_embeddings.weight"])
    positions = g.const(
        "position_embeddings",
        w["embeddings.position_embeddings.weight"] + w["embeddings.token_type_embeddings.weight"][0],
    )
    seq_len = g.op("Slice", g.op("Shape", "input_ids"), g.const("one_i64", np.array([1])), g.const("two_i64", np.array([2])))
    position_rows = g.op("Slice", positions, g.const("zero_i64", np.array([0])), seq_len, g.const("zero_axis", np.array([0])))
    x = g.op("Add", g.op("Gather", word, "input_ids"), position_rows)
    x = g.op(
        "LayerNormalization", x,
        g.const("embeddings_ln_weight", w["embeddings.LayerNorm.weight"]),
        g.const("embeddings_ln_bias", w["embeddings.LayerNorm.bias"]),
        axis=-1, epsilon=eps,
    )

    mask = g.op("Cast", "attention_mask", to=TensorProto.FLOAT)
    mask_bias = g.op(
        "Mul", g.op("Sub", mask, g.const("one_f32", np.array(1.0, np.float32))), g.const("big_f32", np.array(10000.0, np.float32))
    )
    mask_bias = g.op("Unsqueeze", mask_bias, g.const("axes_1_2", np.array([1, 2])))  # batch x 1 x 1 x seq

    heads_shape = g.const("heads_shape", np.array([0, 0, 3 * heads, head_size]))
    merged_shape = g.const("merged_shape", np.array([0, 0, hidden]))
    split_sizes = g.const("qkv_split", np.array([heads, heads, heads]))
    scale = 1.0 / math.sqrt(head_size)

    for i in range(config.num_layers):
        p = f"encoder.layer.{i}"

        def linear(h, name, weight, bias):
            return g.op("Add", g.op("MatMul", h, g.const(f"{name}_w", weight.T)), g.const(f"{name}_b", bias))

        def layer_norm(h, name, source):
            return g.op(
                "LayerNormalization", h,
                g.const(f"{name}_ln_weight", w[f"{source}.weight"]),
                g.const(f"{name}_ln_bias", w[f"{source}.bias"]),
                axis=-1, epsilon=eps,
            )

        qkv_weight = np.concatenate([
            w[f"{p}.attention.self.query.weight"] * scale,
            w[f"{p}.attention.self.key.weight"],
            w[f"{p}.attention.self.value.weight"],
        ])
        qkv_bias = np.concatenate([
            w[f"{p}.attention.self.query.bias"] * scale,
            w[f"{p}.attention.self.key.bias"],
            w[f"{p}.attention.self.value.bias"],
        ])
        qkv = g.op("Reshape", linear(x, f"layer{i}_qkv", qkv_weight, qkv_bias), heads_shape)
        qkv = g.op("Transpose", qkv, perm=[0, 2, 1, 3])  # batch x 3*heads x seq x head_size
        g.nodes.append(helper.make_node("Split", [qkv, split_sizes], [f"q{i}", f"k{i}", f"v{i}"], axis=1))
        scores = g.op("Add", g.op("MatMul", f"q{i}", g.op("Transpose", f"k{i}", perm=[0, 1, 3, 2])), mask_bias)
        context = g.op("MatMul", g.op("Softmax", scores, axis=-1), f"v{i}")
        context = g.op("Reshape", g.op("Transpose", context, perm=[0, 2, 1, 3]), merged_shape)
        attention = linear(
            context, f"layer{i}_attn_out", w[f"{p}.attention.output.dense.weight"], w[f"{p}.attention.output.dense.bias"]
        )
        x = layer_norm(g.op("Add", attention, x), f"layer{i}_attn", f"{p}.attention.output.LayerNorm")

        h = linear(x, f"layer{i}_ffn_in", w[f"{p}.intermediate.dense.weight"], w[f"{p}.intermediate.dense.bias"])
        erf = g.op("Erf", g.op("Mul", h, g.const(f"layer{i}_inv_sqrt2", np.array(1 / math.sqrt(2), np.float32))))
        gelu = g.op("Mul", g.op("Mul", h, g.op("Add", erf, "one_f32")), g.const(f"layer{i}_half", np.array(0.5, np.float32)))
        out = linear(gelu, f"layer{i}_ffn_out", w[f"{p}.output.dense.weight"], w[f"{p}.output.dense.bias"])
        x = layer_norm(g.op("Add", out, x), f"layer{i}_ffn", f"{p}.output.LayerNorm")

    # Mean pooling under the mask, then L2 normalisation.
    mask3 = g.op("Unsqueeze", mask, g.const("axis_2", np.array([2])))
    axis_1 = g.const("axis_1", np.array([1]))
    summed = g.op("ReduceSum", g.op("Mul", x, mask3), axis_1, keepdims=0)
    counts = g.op("Max", g.op("ReduceSum", mask3, axis_1, keepdims=0), g.const("tiny_count", np.array(1e-9, np.float32)))
    pooled = g.op("Div", summed, counts)
    norms = g.op("Max", g.op("ReduceL2", pooled, axes=[1], keepdims=1), g.const("tiny_norm", np.array(1e-12, np.float32)))
    g.nodes.append(helper.make_node("Div", [pooled, norms], ["embedding"]))

    dims = ["batch", "sequence"]
    graph = helper.make_graph(
        g.nodes, "sentence_embedding",
        inputs=[
            helper.make_tensor_value_info("input_ids", TensorProto.INT64, dims),
            helper.make_tensor_value_info("attention_mask", TensorProto.INT64, dims),
        ],
        outputs=[helper.make_tensor_value_info("embedding", TensorProto.FLOAT, ["batch", hidden])],
        initializer=g.initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="local-support-directory")
    model.ir_version = 8  # what opset 17 needs; keeps the file loadable by older onnxruntime too
    onnx.checker.check_model(model)
    return model
