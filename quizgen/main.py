"""The console-script entry point: no traceback ever reaches the user, and common commands start fast.

A plain ``quizgen play``, ``check``, ``anki`` or ``build`` line is parsed by
:func:`quizgen.options.parse_fast` from the same declaration typer's command is
built from, so it runs without importing typer at all; anything else goes to typer.
"""

from __future__ import annotations

import sys


def main() -> None:
    try:
        from quizgen.options import FAST, UsageError, parse_fast

        if len(sys.argv) > 1 and sys.argv[1] in FAST:
            options, runner = FAST[sys.argv[1]]
            values = parse_fast(options, sys.argv[2:])
            if values is not None:
                from quizgen import commands

                try:
                    sys.exit(getattr(commands, runner)(**values))
                except UsageError:
                    pass  # options at odds, found before any work: typer reports it as wrong usage (exit 2)
        from quizgen.cli import app

        app()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
    except BrokenPipeError:  # the reader of stdout went away outside a command (typer's help, say)
        from quizgen.commands import stdout_gone

        sys.exit(stdout_gone())
    except Exception as e:  # noqa: BLE001 - the last line of defence for users
        from quizgen.env import Env

        if Env.read().debug:
            raise
        print(f"error: internal error: {type(e).__name__}: {e} (set QUIZGEN_DEBUG=1 for details)", file=sys.stderr)
        sys.exit(1)
