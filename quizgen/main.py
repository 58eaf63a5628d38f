"""The console-script entry point: no traceback ever reaches the user, and ``play`` starts fast.

A plain ``quizgen play`` line is parsed by :func:`quizgen.options.parse_fast`
from the same declaration typer's command is built from, so the first card
shows without importing typer at all; anything else goes to typer.
"""

from __future__ import annotations

import sys


def main() -> None:
    try:
        if sys.argv[1:2] == ["play"]:
            from quizgen.options import PLAY, parse_fast

            values = parse_fast(PLAY, sys.argv[2:])
            if values is not None:
                from quizgen.commands import play_main

                sys.exit(play_main(**values))
        from quizgen.cli import app

        app()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as e:  # noqa: BLE001 - the last line of defence for users
        from quizgen.env import Env

        if Env.read().debug:
            raise
        print(f"error: internal error: {type(e).__name__}: {e} (set QUIZGEN_DEBUG=1 for details)", file=sys.stderr)
        sys.exit(1)
