"""Long pure work (a report of hundreds of pages) off gevent's event loop."""

from __future__ import annotations


def off_the_loop(function, *args):
    """function(*args) in gevent's thread pool when serving, else here: a PDF of 2,000
    notes takes a minute of CPU, and meanwhile every phone's socket keeps being served."""
    from gevent import get_hub, monkey

    if monkey.is_module_patched("threading"):
        return get_hub().threadpool.apply(function, args)
    return function(*args)
