"""Offline switches. Imported before any Hugging Face or Chroma code so nothing reaches a hub."""

import os

_SWITCHES = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
    "GRADIO_ANALYTICS_ENABLED": "False",
}


def apply() -> None:
    """Set the offline switches unless the user set them explicitly."""
    for key, value in _SWITCHES.items():
        os.environ.setdefault(key, value)


apply()
