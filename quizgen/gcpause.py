"""One context manager: the garbage collector paused while a bank is read or its outputs are rendered.

Loading and rendering make millions of short-lived objects and few cycles worth collecting, and
each collection walks every object alive, the whole bank included: on a 50,000-question bank the
collections were about a third of a build. The collector runs again afterwards (a command-line run
may ``gc.freeze()`` the bank first; a library call never does), so a long-running program that
reads or builds many banks still frees their cycles.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """The collector off inside the block, and back as it was found afterwards (also on an error)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
