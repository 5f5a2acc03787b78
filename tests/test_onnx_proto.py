"""ONNX models written as protobuf bytes load in onnxruntime and compute what they say.

- a constant of every supported type and any shape comes back whole through an Identity node;
- attributes of each kind (int, ints, float) reach their operator;
- varints: small, large and negative numbers decode to themselves.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import onnxruntime
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from storyline import onnx_proto


def _session(model: bytes) -> Any:
    return onnxruntime.InferenceSession(model, providers=["CPUExecutionProvider"])


def _decode_varint(data: bytes) -> int:
    value = shift = 0
    for byte in data:
        value |= (byte & 0x7F) << shift
        shift += 7
    return value - (1 << 64) if value >= 1 << 63 else value


@given(st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_varints_round_trip(value: int) -> None:
    assert _decode_varint(onnx_proto._varint(value)) == value


_DTYPES = st.sampled_from([np.float32, np.uint8, np.int8, np.int32, np.int64])


@settings(max_examples=40, deadline=None)
@given(
    _DTYPES.flatmap(
        lambda dtype: hnp.arrays(dtype, hnp.array_shapes(min_dims=1, max_dims=3, max_side=6))
    )
)
def test_a_constant_comes_back_whole(array: np.ndarray) -> None:
    data_type = onnx_proto._DATA_TYPES[array.dtype]
    model = onnx_proto.model(
        "identity",
        [onnx_proto.node("Identity", ["c"], ["out"])],
        [onnx_proto.tensor("c", array)],
        inputs=[],
        outputs=[onnx_proto.value_info("out", data_type, list(array.shape))],
    )
    (out,) = _session(model).run(None, {})
    assert out.dtype == array.dtype
    assert np.array_equal(out, array, equal_nan=array.dtype.kind == "f")


def test_attributes_of_each_kind_reach_their_operator() -> None:
    x = np.array([[1.0, -4.0, 2.0], [3.0, 0.5, -1.0]], dtype=np.float32)
    nodes = [
        onnx_proto.node("ReduceMax", ["x"], ["max"], axes=[1], keepdims=0),  # ints, int
        onnx_proto.node("LeakyRelu", ["x"], ["leaky"], alpha=0.25),  # float
    ]
    model = onnx_proto.model(
        "attributes",
        nodes,
        [],
        inputs=[onnx_proto.value_info("x", onnx_proto.FLOAT, [None, 3])],
        outputs=[
            onnx_proto.value_info("max", onnx_proto.FLOAT, [None]),
            onnx_proto.value_info("leaky", onnx_proto.FLOAT, [None, 3]),
        ],
    )
    highest, leaky = _session(model).run(None, {"x": x})
    assert highest.tolist() == [2.0, 3.0]
    assert np.array_equal(leaky, np.where(x > 0, x, 0.25 * x))
