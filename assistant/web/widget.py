"""The embeddable widget: /widget.js for a script tag on any page, /embed for an iframe."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC = Path(__file__).parent / "static"

router = APIRouter(include_in_schema=False)


@router.get("/widget.js")
async def widget_js() -> FileResponse:
    return FileResponse(STATIC / "widget.js", media_type="text/javascript; charset=utf-8",
                        headers={"Cache-Control": "public, max-age=300"})


@router.get("/embed")
async def embed() -> FileResponse:
    # The iframe page may be framed by any site (that is its purpose); it runs only our own script.
    return FileResponse(STATIC / "embed.html", media_type="text/html; charset=utf-8",
                        headers={"Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; "
                                                            "script-src 'self'; connect-src 'self'"})
