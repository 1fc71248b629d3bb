"""Read and write .safetensors files by hand, following the format's specification.

The `safetensors` Python package is not a dependency: the format is small enough that the helpers
(and the fixture generator) can write exactly what the reference Rust writer writes, and read it back
without it. Layout: an 8-byte little-endian header length N, N bytes of JSON (padded with spaces to a
multiple of 8), then the tensors' bytes back to back, each at the `data_offsets` its entry declares
(relative to the end of the header).
"""

import json
import struct

import torch

# The reference writer's `Dtype` enum in declaration order. It sorts tensors by this order *descending*
# (widest alignment first), then by name, so every tensor's bytes stay aligned to its element size.
ENUM_ORDER = [
    'BOOL', 'F4', 'F6_E2M3', 'F6_E3M2', 'U8', 'I8', 'F8_E5M2', 'F8_E4M3', 'F8_E8M0', 'F8_E4M3FNUZ',
    'F8_E5M2FNUZ', 'I16', 'U16', 'F16', 'BF16', 'I32', 'U32', 'F32', 'C64', 'F64', 'I64', 'U64',
]

# Every dtype torch 1.13 has that the specification also has.
CODE_OF_DTYPE = {
    torch.float64: 'F64', torch.float32: 'F32', torch.float16: 'F16', torch.bfloat16: 'BF16',
    torch.complex64: 'C64', torch.int64: 'I64', torch.int32: 'I32', torch.int16: 'I16',
    torch.int8: 'I8', torch.uint8: 'U8', torch.bool: 'BOOL',
}
DTYPE_OF_CODE = {code: dtype for dtype, code in CODE_OF_DTYPE.items()}

# Same-width integer dtypes, to see any tensor's elements as raw bytes through numpy (which lacks bfloat16).
_RAW_VIEW = {1: torch.uint8, 2: torch.int16, 4: torch.int32, 8: torch.int64}


def tensor_bytes(t):
    """The little-endian bytes of a (non-quantized) tensor's elements in row-major order."""
    t = t.detach().cpu().contiguous()
    if t.dtype == torch.bool:
        return t.to(torch.uint8).numpy().tobytes()
    if t.is_complex():
        return torch.view_as_real(t).contiguous().numpy().tobytes()
    size = t.element_size()
    return t.reshape(-1).view(_RAW_VIEW[size]).numpy().tobytes()


def serialize(tensors, metadata=None):
    """The bytes of a .safetensors file holding `tensors` (name → tensor), laid out as the reference writer does."""
    order = sorted(tensors.items(), key=lambda kv: (-ENUM_ORDER.index(CODE_OF_DTYPE[kv[1].dtype]), kv[0].encode()))
    header = {}
    if metadata is not None:
        header['__metadata__'] = dict(metadata)
    payload = []
    offset = 0
    for name, t in order:
        data = tensor_bytes(t)
        header[name] = {'dtype': CODE_OF_DTYPE[t.dtype], 'shape': list(t.shape), 'data_offsets': [offset, offset + len(data)]}
        payload.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(',', ':'), ensure_ascii=False).encode('utf-8')
    text += b' ' * ((8 - len(text) % 8) % 8)
    return struct.pack('<Q', len(text)) + text + b''.join(payload)


def save_file(tensors, path, metadata=None):
    with open(path, 'wb') as f:
        f.write(serialize(tensors, metadata))


def read_header(path):
    """(header length, parsed JSON header) of a .safetensors file; the tensor bytes are not read."""
    with open(path, 'rb') as f:
        head = f.read(8)
        if len(head) != 8:
            raise ValueError(f'{path}: shorter than the 8-byte header length')
        (n,) = struct.unpack('<Q', head)
        text = f.read(n)
        if len(text) != n:
            raise ValueError(f'{path}: header of {n} bytes runs past the end of the file')
    return n, json.loads(text.decode('utf-8'))


def entries_in_file_order(header):
    """[(name, entry)] sorted by data offset, which is the order the tensors' bytes appear in the file."""
    items = [(k, v) for k, v in header.items() if k != '__metadata__']
    return sorted(items, key=lambda kv: tuple(kv[1]['data_offsets']))


def load_file(path):
    """name → tensor (in file order), plus the `__metadata__` mapping (or None)."""
    n, header = read_header(path)
    with open(path, 'rb') as f:
        f.seek(8 + n)
        data = f.read()
    out = {}
    for name, entry in entries_in_file_order(header):
        begin, end = entry['data_offsets']
        dtype = DTYPE_OF_CODE[entry['dtype']]
        shape = entry['shape']
        chunk = bytearray(data[begin:end])
        if dtype == torch.bool:
            t = torch.frombuffer(chunk, dtype=torch.uint8).to(torch.bool) if chunk else torch.empty(0, dtype=torch.bool)
        elif chunk:
            t = torch.frombuffer(chunk, dtype=dtype)
        else:
            t = torch.empty(0, dtype=dtype)
        out[name] = t.reshape(shape).clone()
    return out, header.get('__metadata__')
