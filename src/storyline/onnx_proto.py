"""ONNX models written straight to protobuf bytes, for onnxruntime to load.

Why not the ``onnx`` package: importing it takes 1.5-2.5 s (its ml_dtypes extension), paid by
every process that embeds, for the few messages a graph of plain operators needs. The fields
below are the ONNX schema's (onnx.proto, proto2: repeated numbers written one by one, which
every protobuf reader accepts); onnxruntime checks the model when it loads it.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

#: TensorProto.DataType values.
FLOAT, UINT8, INT8, INT32, INT64 = 1, 2, 3, 6, 7
_DATA_TYPES = {
    np.dtype(np.float32): FLOAT,
    np.dtype(np.uint8): UINT8,
    np.dtype(np.int8): INT8,
    np.dtype(np.int32): INT32,
    np.dtype(np.int64): INT64,
}
#: The IR version that goes with opset 17.
IR_VERSION = 8

_VARINT, _BYTES, _FIXED32 = 0, 2, 5


def _varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # a negative int64 is written as its two's complement
    out = bytearray()
    while True:
        low = value & 0x7F
        value >>= 7
        if value:
            out.append(low | 0x80)
        else:
            out.append(low)
            return bytes(out)


def _key(field: int, wire_type: int) -> bytes:
    return _varint(field << 3 | wire_type)


def _int(field: int, value: int) -> bytes:
    return _key(field, _VARINT) + _varint(value)


def _bytes(field: int, value: bytes) -> bytes:
    return _key(field, _BYTES) + _varint(len(value)) + value


def _str(field: int, value: str) -> bytes:
    return _bytes(field, value.encode("utf-8"))


def _ints(field: int, values: Iterable[int]) -> bytes:
    return b"".join(_int(field, v) for v in values)


def _attribute(name: str, value: Any) -> bytes:
    if isinstance(value, float):  # AttributeProto.f, type FLOAT
        return _str(1, name) + _key(2, _FIXED32) + struct.pack("<f", value) + _int(20, 1)
    if isinstance(value, int):  # .i, type INT
        return _str(1, name) + _int(3, value) + _int(20, 2)
    if isinstance(value, (list, tuple)) and all(isinstance(v, int) for v in value):
        return _str(1, name) + _ints(8, value) + _int(20, 7)  # .ints, type INTS
    raise TypeError(f"attribute {name!r}: unsupported value {value!r}")


def node(op_type: str, inputs: Sequence[str], outputs: Sequence[str], **attributes: Any) -> bytes:
    """A NodeProto of the default domain."""
    return (
        b"".join(_str(1, i) for i in inputs)
        + b"".join(_str(2, o) for o in outputs)
        + _str(3, outputs[0])
        + _str(4, op_type)
        + b"".join(_bytes(5, _attribute(k, v)) for k, v in sorted(attributes.items()))
    )


def tensor(name: str, array: Any) -> bytes:
    """A TensorProto holding ``array`` (float32, uint8, int8, int32 or int64) as raw bytes."""
    array = np.asarray(array)
    data_type = _DATA_TYPES[array.dtype]
    raw = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<"), copy=False)
    return _ints(1, array.shape) + _int(2, data_type) + _str(8, name) + _bytes(9, raw.tobytes())


def value_info(name: str, data_type: int, dims: Sequence[int | str | None]) -> bytes:
    """A tensor input or output: a number is a fixed dimension, a string or None a free one."""
    shape = b""
    for i, dim in enumerate(dims):
        if isinstance(dim, int):
            shape += _bytes(1, _int(1, dim))
        else:
            shape += _bytes(1, _str(2, dim or f"{name}_{i}"))
    tensor_type = _int(1, data_type) + _bytes(2, shape)
    return _str(1, name) + _bytes(2, _bytes(1, tensor_type))


def model(
    name: str,
    nodes: Sequence[bytes],
    initializers: Sequence[bytes],
    inputs: Sequence[bytes],
    outputs: Sequence[bytes],
    opset: int = 17,
) -> bytes:
    """A serialized ModelProto of one graph, ready for ``onnxruntime.InferenceSession``."""
    graph = (
        b"".join(_bytes(1, n) for n in nodes)
        + _str(2, name)
        + b"".join(_bytes(5, t) for t in initializers)
        + b"".join(_bytes(11, i) for i in inputs)
        + b"".join(_bytes(12, o) for o in outputs)
    )
    opset_id = _str(1, "") + _int(2, opset)
    return _int(1, IR_VERSION) + _str(2, "storyline") + _bytes(7, graph) + _bytes(8, opset_id)


class Graph:
    """An ONNX graph written node by node, with unique names."""

    def __init__(self) -> None:
        self.nodes: list[bytes] = []
        self.initializers: list[bytes] = []
        self._count = 0

    def name(self, hint: str) -> str:
        self._count += 1
        return f"{hint}_{self._count}"

    def const(self, value: Any, hint: str = "c") -> str:
        name = self.name(hint)
        self.initializers.append(tensor(name, value))
        return name

    def op(self, op_type: str, *inputs: str, output: str | None = None, **attributes: Any) -> str:
        name = output or self.name(op_type.lower())
        self.nodes.append(node(op_type, inputs, [name], **attributes))
        return name


def one_thread_session(model_bytes: bytes) -> Any:
    """An onnxruntime session that runs each call on the caller's thread alone: callers
    parallelise by processes or threads of their own."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return onnxruntime.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])
