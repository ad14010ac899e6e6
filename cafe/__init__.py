"""Café: run an in-person World Café from one laptop.

This module stays free of heavy imports on purpose: `cafe.cli` must patch gevent before
Flask, SQLAlchemy or psycopg are imported (ARCHITECTURE.md, trap 1).
"""


def create_app(config=None):
    """Build the Flask app; `config` (a dict) overrides settings read from the environment."""
    from cafe.app import build_app

    return build_app(config)
