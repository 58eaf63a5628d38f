"""The one exception type the CLI turns into a clean message and exit status 1.

Every problem carries the file and line it stands at, so an author can jump
straight to it; a command collects all problems before raising once.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

#: An error stops every command; a warning (probably a mistake, but it may be meant) is shown and the command goes on.
Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One defect in the input, at ``path:line`` (or ``path:line:column`` in a table such as a CSV file).

    A warning is shown as ``path:line: warning: message``.
    """

    path: str
    line: int
    message: str
    severity: Severity = "error"
    column: str = ""  # a named column of a table (``RESPONSES.csv:7:3b: ...``), "" for none

    def __str__(self) -> str:
        """One line, always: line breaks inside the message (from the author's text) are shown escaped."""
        message = self.message.replace("\r", "\\r").replace("\n", "\\n")
        marker = "warning: " if self.severity == "warning" else ""
        where = f"{self.path}:{self.line}:{self.column}" if self.column else f"{self.path}:{self.line}"
        return f"{where}: {marker}{message}"

    def as_error(self) -> Problem:
        """The same problem as an error (``check --strict``), still saying it was a warning."""
        if self.severity == "error":
            return self
        return replace(self, severity="error", message=f"warning made an error by --strict: {self.message}")


class QuizgenError(Exception):
    """A failure the user can fix; ``problems`` holds every located defect found."""

    def __init__(self, message: str, problems: list[Problem] | None = None, output: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = list(problems or [])
        self.output: list[str] = list(output or [])  # what to show on stdout before the error (a report)

    def __str__(self) -> str:
        if not self.problems:
            return self.message
        return "\n".join(str(p) for p in self.problems)


def error_lines(error: QuizgenError) -> list[str]:
    """What a user sees for a failure: every problem on its own line, then one ``error:`` line."""
    if error.problems:
        count = sum(1 for p in error.problems if p.severity == "error")
        return [*map(str, error.problems), f"error: {error.message} ({count} problem{'s' if count != 1 else ''})"]
    return [f"error: {line}" for line in error.message.splitlines() or [""]]
