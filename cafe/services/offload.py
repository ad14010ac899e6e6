"""Long pure work off gevent's event loop: a report of hundreds of pages, a photo, the
seating planner's search, the themes' first grouping (which loads the sentence encoder)."""

from __future__ import annotations


def off_the_loop(function, *args):
    """function(*args) in gevent's thread pool when serving, else here: a PDF of 2,000
    notes takes a minute of CPU, a seating search two seconds, and meanwhile every
    phone's socket keeps being served (the GIL still lets the loop run between the
    work's bytecodes)."""
    from gevent import get_hub, monkey

    if monkey.is_module_patched("threading"):
        return get_hub().threadpool.apply(function, args)
    return function(*args)
