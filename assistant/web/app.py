"""The one web app: the HTTP API, the widget, and the gradio chat mounted at /."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import gradio as gr
from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi_offline import FastAPIOffline

from ..settings import Settings, get_settings
from . import api, errors, ui, widget
from .bodylimit import BodyLimitMiddleware
from .config import WebLimits
from .ratelimit import RateLimitMiddleware
from .services import Services

log = logging.getLogger("assistant.web")
PURGE_EVERY_S = 24 * 60 * 60


async def _purge_daily(svc: Services) -> None:
    while True:
        await asyncio.sleep(PURGE_EVERY_S)
        try:
            await asyncio.to_thread(svc.purge)
        except Exception:  # noqa: BLE001 - a failed purge is retried tomorrow, never stops the app
            log.exception("daily purge failed")


def create_app(settings: Settings | None = None, limits: WebLimits | None = None) -> FastAPI:
    settings = settings or get_settings()
    limits = limits or WebLimits()
    svc = Services(settings, limits)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await asyncio.to_thread(svc.start)  # one Pipeline per process, loaded before serving
        purger = asyncio.create_task(_purge_daily(svc))
        try:
            yield
        finally:
            purger.cancel()

    # FastAPIOffline serves the Swagger UI assets itself: /docs works without reaching a CDN.
    app = FastAPIOffline(
        title="CASE position statements assistant",
        description="Answers questions from CASE's position statements with a verdict and verbatim, cited quotes.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
    )
    app.state.services = svc
    errors.install(app)
    app.include_router(api.router)
    app.include_router(widget.router)

    # Innermost first: size limit, then rate limit, then CORS outermost so even a 413/429 carries
    # the CORS headers a widget on another site needs to read the error.
    # The chat sends its whole conversation back with each turn, so its limit is larger.
    app.add_middleware(BodyLimitMiddleware, limits={"/api/": limits.max_body_bytes,
                                                    "/gradio_api/": limits.max_chat_body_bytes})
    app.add_middleware(RateLimitMiddleware, per_minute=limits.rate_limit_per_minute, burst=limits.rate_limit_burst)
    origins = list(settings.allowed_origins)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=origins,
        allow_credentials=False,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Content-Type", "Accept", "Authorization", "X-Assistant-Channel"],
        expose_headers=["Retry-After"],  # the widget waits this long when the server is busy
        max_age=600,
    )
    return gr.mount_gradio_app(app, ui.build_ui(svc), path="/", css=ui.CSS, footer_links=["api"],
                               run_history=False, show_error=False)
