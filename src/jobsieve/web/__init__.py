"""The HTTP API and web UI (FastAPI + Jinja2), served by ``jobsieve serve``."""

from .app import create_app

__all__ = ["create_app"]
