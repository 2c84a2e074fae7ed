"""Web-only limits, read from the environment like the main Settings (prefix ASSISTANT_)."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class WebLimits(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=".env", extra="ignore")

    rate_limit_per_minute: float = Field(default=60, description="API requests per client per minute (0 = off).")
    rate_limit_burst: int = Field(default=20, description="Requests a client may make at once before waiting.")
    max_body_bytes: int = Field(default=100_000, description="Largest API request body accepted.")
    max_chat_body_bytes: int = Field(default=2_000_000, description="Largest request the chat UI may send.")
    max_email_chars: int = Field(default=20_000, description="Longest email accepted by the drafting endpoint.")
    max_history_turns: int = Field(default=20, description="Chat turns passed back with a follow-up.")
    # 0 by default: measured with 32 clients on 2 cores, any queue kept the CPU saturated and the
    # served answers' p95 at 4.5x one client's; with none it was 1.7x for 15% less throughput.
    max_queued_answers: int = Field(default=0, ge=0, description=(
        "API answers that may wait behind the running one; beyond this the API answers 429 'busy' with Retry-After."))
    max_draft_questions: int = Field(default=5, description="Questions answered per email draft.")
    build_id: str | None = Field(default=None, description="Deployment build id shown by /api/health.")
