"""The three marks an answer gets, kept apart from :mod:`quizgen.judge` so that ``play`` can name them cheaply.

The judge produces them, ``answers`` turns them into a proposed rating, ``play``
shows them and the progress file keeps their text values (``right``, ``close``,
``wrong``). Importing the judge compiles its rule tables; importing this does not.
"""

from __future__ import annotations

from enum import StrEnum


class Outcome(StrEnum):
    """Right, close (a typo) or wrong; the values are what the progress file stores."""

    RIGHT = "right"
    CLOSE = "close"
    WRONG = "wrong"
