"""The collector's settings for a server holding a thousand phones' connections
(docs/decisions.md). No gevent patching here: `cafe run` and wsgi.py patch first."""

from __future__ import annotations


def settle_memory() -> None:
    """Collect once, move every object made at start-up (modules, the app, the
    translations) out of the collector's sight, collect the young generations every
    quarter of a second, and the oldest rarely: with a thousand phones connected each
    full collection walked every connection's objects and paused every socket for 150 ms
    to 1 s, a dozen times a run. Garbage cycles die young and the younger generations
    still collect them. Greenlets stop copying their spawner's stack (`cafe run` also
    says so before gevent loads)."""
    import gc

    import gevent

    gevent.config.track_greenlet_tree = False
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG, GC_MIDDLE, GC_OLD)
    gevent.spawn(_collect_young, YOUNG_EVERY)


def _collect_young(every: float) -> None:
    """Collect the two young generations every `every` seconds. A thousand phones'
    keep-alives leave timers, waiters and sleeping greenlets that live about ten seconds,
    and old ones die as new ones come, so Python's count (allocations minus any
    deallocation) hardly grows: left to the count, the young generations gathered up to
    ten seconds of them and a middle collection paused the loop 8-12 ms, right where the
    slowest notes fell (bench/fanout.py, FANOUT_GC_LOG). On a clock they hold a quarter
    of a second's worth."""
    import gc

    import gevent

    while True:
        gevent.sleep(every)
        gc.collect(1)


YOUNG_EVERY = 0.25
"""Seconds between two collections of the young generations while serving."""
GC_YOUNG = 500
"""Allocations between two young collections besides the clock's (Python's default is
700), for bursts of allocation such as a thousand phones connecting at once."""
GC_MIDDLE = 2
"""Young collections between two middle ones (Python's default, 10)."""
GC_OLD = 50_000
"""Middle collections between two full ones (Python's default, 1,000): the clock's
collections count as middle ones, four a second, so a full collection (it walks every
phone's objects, 40 ms and more with a thousand) comes a few hours apart."""
