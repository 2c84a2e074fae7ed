"""The web app: HTTP API, gradio chat, email drafting view, embeddable widget."""

from .app import create_app

__all__ = ["create_app"]
