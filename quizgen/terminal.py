"""The terminal that ``play`` and ``stats`` share: input and output, and how things are written in it.

:class:`Terminal` is a Rich console for output and a text stream for input, one
line per answer; it draws figures when the terminal says it can. Beside it the
formatting both commands use: intervals and local times, a typed answer's diff
as markup, escaping, plurals. Nothing here knows the scheduler or the progress
file.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, TextIO

from quizgen.answers import QUIT_WORDS
from quizgen.model import Question

if TYPE_CHECKING:
    from rich.console import Console

    from quizgen.images import ImageFile
    from quizgen.judge import DiffPiece
    from quizgen.termimage import Protocol as Graphics


#: Whether :func:`collect_at_input` paused the garbage collector (it runs again at the first input).
_paused = False


def collect_at_input() -> None:
    """Pauses the garbage collector until a terminal first waits for input (or :func:`collect_again`).

    A session's start makes many objects (imports, the card list, the first question) and no
    garbage: collections then only walk them, a few milliseconds of the time to the first card.
    Resumed before the first wait, so a collection never delays a card on screen.
    """
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def collect_again() -> None:
    """Resumes the garbage collector if :func:`collect_at_input` paused it."""
    global _paused
    if _paused:
        _paused = False
        gc.enable()


class Quit(Exception):
    """The learner asked to stop (``q``, end of input); Ctrl-C arrives as KeyboardInterrupt."""


@dataclass
class Terminal:
    """A Rich console for output and a text stream for input, one line per answer."""

    console: Console
    stdin: TextIO
    echo: bool
    unicode: bool
    graphics: Graphics | None = None  # the protocol the terminal reported for figures, once asked
    asked: bool = False

    @classmethod
    def open(cls, stdin: TextIO | None = None, stdout: TextIO | None = None) -> Terminal:
        from rich.console import Console

        class _Console(Console):
            def on_broken_pipe(self) -> None:
                """Rich would exit 1 here; the command layer stops quietly instead, as Unix tools do."""
                self.quiet = True
                raise BrokenPipeError

        source = stdin or sys.stdin
        console = _Console(file=stdout, highlight=False, emoji=False)
        # Into a pipe or a file, long lines are left whole rather than broken at 80 columns.
        console.soft_wrap = not console.is_terminal
        interactive = bool(getattr(source, "isatty", lambda: False)())
        if hasattr(source, "reconfigure"):
            source.reconfigure(errors="replace")
        return cls(console, source, echo=not interactive, unicode=console.encoding.lower().startswith("utf"))

    @property
    def colour(self) -> bool:
        """Whether colours show (a terminal, not ``TERM=dumb``, no ``NO_COLOR``): else diffs carry marks."""
        return self.console.color_system is not None and not self.console.no_color

    def symbol(self, fancy: str, plain: str) -> str:
        return fancy if self.unicode else plain

    def say(self, markup: str = "", **style: str) -> None:
        self.console.print(markup, **style)  # type: ignore[arg-type]

    def figures(self, images: Sequence[ImageFile]) -> None:
        """Draws ``images`` inside the terminal when it reports it can (asked once); else nothing is drawn.

        The alt text and the file's link are shown with the text in every case.
        """
        protocol = self._graphics() if images else None
        if protocol is None:
            return
        from quizgen.termimage import draw

        for image in images:
            try:
                drawn = draw(image, protocol, self.console.width - 2)
            except Exception:  # noqa: BLE001 - a picture the libraries cannot read keeps its alt text
                continue
            self.console.file.write(drawn + "\n")
        self.console.file.flush()

    def _graphics(self) -> Graphics | None:
        if not self.asked:
            self.asked = True
            fd = self.stdin.fileno() if hasattr(self.stdin, "fileno") else -1
            # A dumb terminal or a pipe cannot draw, and must not receive the question either.
            if self.console.is_terminal and self.console.color_system is not None and fd >= 0 and os.isatty(fd):
                from quizgen.termimage import ask_terminal

                try:
                    self.graphics = ask_terminal(fd, self.console.file)
                except OSError:
                    self.graphics = None
        return self.graphics

    def ask(self, prompt: str) -> str:
        """Shows ``prompt`` and reads one line; ``q`` or the end of input raises :class:`Quit`."""
        self.console.print(f"{prompt} [bold]{self.symbol('›', '>')}[/bold] ", end="")
        self.console.file.flush()
        collect_again()
        line = self.stdin.readline()
        if not line:
            self.console.print()
            raise Quit
        line = line.rstrip("\r\n")
        if self.echo:
            from rich.markup import escape

            self.console.print(escape(line), style="dim")
        if line.strip().casefold() in QUIT_WORDS:
            raise Quit
        return line


def dot(term: Terminal) -> str:
    """The separator between items of one line."""
    return term.symbol("·", "-")


def escape(text: str) -> str:
    """Text shown as itself inside Rich markup (``[`` is not a style)."""
    from rich.markup import escape

    return escape(text)


def plural_s(count: int) -> str:
    """``s`` unless ``count`` is one: ``f"{n} card{plural_s(n)}"``."""
    return "" if count == 1 else "s"


def image_paths(question: Question) -> dict[str, str]:
    """Each image ``src`` as written -> its file's path: what Rich markup links to."""
    return {image.src: image.file.path for image in question.images}


def format_interval(delta: timedelta) -> str:
    """``<1m``, ``10m``, ``5h``, ``3d``, ``4.2mo``, ``1.5y``: the gap before a card comes back."""
    seconds = delta.total_seconds()
    if seconds < 60:
        return "<1m"
    if seconds < 3600:
        return f"{round(seconds / 60)}m"
    if seconds < 86400:
        return f"{round(seconds / 3600)}h"
    days = seconds / 86400
    if days < 31:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30.4:.1f}mo"
    return f"{days / 365:.1f}y"


def format_local(moment: datetime, tz: tzinfo | None = None) -> str:
    local = moment.astimezone(tz) if tz is not None else moment.astimezone()
    return local.strftime("%Y-%m-%d %H:%M")


#: How a character diff looks in colour: Anki's type-the-answer comparison (typed right, typed extra, missing).
DIFF_STYLES = {"same": "green", "extra": "bold red strike", "missing": "bold black on yellow"}


def diff_markup(diff: Sequence[DiffPiece], colour: bool) -> str:
    """The typed text against the expected one as Rich markup: in colour, or with ``[-extra-]``/``{+missing+}``."""
    from rich.markup import escape

    from quizgen.judge import diff_plain

    if not colour:
        return escape(diff_plain(diff))
    return "".join(f"[{DIFF_STYLES[kind]}]{escape(text)}[/]" for kind, text in diff)
