"""One settings object for every entry point (CLI, web app, evals, bench).

Values come from the environment (prefix ``ASSISTANT_``) or a ``.env`` file in the working
directory; see the README's configuration table.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    corpus_dir: Path = Field(default=Path("corpus"), description="Folder of position statements.")
    index_dir: Path = Field(default=Path("index"), description="Where builds and the manifest live.")
    chroma_url: str | None = Field(
        default=None, description="Chroma server, e.g. http://127.0.0.1:8000; unset = embedded store."
    )
    collection_prefix: str = "case_passages"
    embedding_model_path: str | None = Field(
        default=None, description="Sentence-transformers model folder; unset = the PyPI-packaged MiniLM."
    )

    # Language model (see assistant/llm). "none" answers from the evidence alone.
    llm: str = Field(default="none", description="none | qwen-1.5b | qwen-0.5b | gguf | openai | ollama")
    llm_model: str | None = None
    llm_path: Path | None = None
    llm_base_url: str | None = None
    llm_api_key: str | None = None
    llm_timeout_s: float = 20.0
    model_cache_dir: Path = Field(default=Path.home() / ".cache" / "case-assistant" / "models")

    # Input guard
    max_question_chars: int = 2000

    # Retrieval
    retrieval_k: int = 8
    rrf_k: int = 60
    # The learned second opinion on coverage (assistant/coverage_model.py); "none" = the routing rules alone.
    coverage_model: str = Field(default="default", description="default | none | path to a weights file")

    # Web / records
    host: str = "127.0.0.1"
    port: int = 7860
    records_db: Path = Field(default=Path("var/records.sqlite3"))
    retention_days: int = 365
    admin_token: str | None = None
    allowed_origins: list[str] = Field(default_factory=lambda: ["*"])


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Process-wide settings, read once."""
    return Settings()
