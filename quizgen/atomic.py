"""Writing output files so that a failure never leaves a half-written or clobbered file."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from quizgen.errors import QuizgenError

#: The name ``atomic_paths`` gives a temporary file: ``.<target name>.<random>.tmp``.
_TEMP_NAME = re.compile(r"\.(.+)\.[a-z0-9_]+\.tmp")


@contextmanager
def atomic_paths(targets: Sequence[Path]) -> Iterator[list[Path]]:
    """Temporary paths for several outputs, moved into place together only when all were written.

    A command that writes several files (a package per deck, its lock, its
    quiz) fails as a whole: nothing is moved unless every file was written, a
    target that is a folder is refused before anything is, and when moving one
    file in fails, the files already moved are put back as they were.
    """
    for target in targets:
        if target.is_dir():
            raise QuizgenError(f"cannot write {target}: it is a folder")
    tmps: list[Path] = []
    folders: list[Path] = []  # made here, so removed again if the command fails
    done = False
    try:
        for target in targets:
            missing = [f for f in (target.parent, *target.parent.parents) if not f.exists()]
            target.parent.mkdir(parents=True, exist_ok=True)
            folders.extend(f for f in reversed(missing) if f not in folders)
            fd, made = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            os.close(fd)
            tmps.append(Path(made))
        yield tmps
        for tmp in tmps:
            os.chmod(tmp, 0o644)
        _move_in(list(zip(tmps, targets, strict=True)))
        done = True
    finally:
        for tmp in tmps:
            tmp.unlink(missing_ok=True)
        for folder in reversed(folders if not done else []):
            try:
                folder.rmdir()  # only ever empty: nothing was moved in
            except OSError:
                pass


def _move_in(moves: Sequence[tuple[Path, Path]]) -> None:
    """Renames each new file over its target; if one fails, every target is put back as it was.

    Each target is kept first (a hard link, or a copy where links are refused), so
    every rename stays atomic for readers and a failure can restore the old bytes.
    """
    kept: list[tuple[Path, Path | None]] = []  # (target, its old content's copy or None if it was new)
    try:
        for tmp, target in moves:
            kept.append((target, _keep(target)))
            os.replace(tmp, target)
    except OSError:
        for target, old in reversed(kept):
            try:
                if old is not None:
                    os.replace(old, target)
                else:
                    target.unlink(missing_ok=True)
            except OSError:
                pass  # the first error is the one to report
        raise
    finally:
        for _, old in kept:
            if old is not None:
                old.unlink(missing_ok=True)


def _keep(target: Path) -> Path | None:
    """A copy of ``target``'s current content beside it, or None when there is no such file."""
    if not target.exists():
        return None
    old = target.with_name(f".{target.name}.{secrets.token_hex(6)}.old")
    try:
        os.link(target, old)
    except OSError:
        shutil.copy2(target, old)
    return old


def write_error(error: OSError, target: Path) -> QuizgenError:
    """A message naming the file that could not be written, and why, in the user's terms."""
    if error.filename2:  # os.replace(tmp, target) failed: name the real target
        target = Path(os.fsdecode(error.filename2))
    elif error.filename:  # writing a temporary file failed: name the file it stands for
        failed = Path(os.fsdecode(error.filename))
        stands_for = _TEMP_NAME.fullmatch(failed.name)
        target = failed.parent / stands_for.group(1) if stands_for else failed
    blocker = next((p for p in reversed(target.parents) if p.exists() and not p.is_dir()), None)
    if blocker is not None:
        return QuizgenError(f"cannot write {target}: {blocker} is a file, not a folder")
    if target.is_dir():
        return QuizgenError(f"cannot write {target}: it is a folder")
    reason = error.strerror or str(error)
    where = f" ({error.filename})" if error.filename and str(error.filename) != str(target) else ""
    return QuizgenError(f"cannot write {target}: {reason}{where}")


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with atomic_paths([target]) as (tmp,):
        tmp.write_bytes(data)


#: What a command writes: each target and its content, all or nothing.
Outputs = Sequence[tuple[Path, bytes | str]]


def write_outputs(outputs: Outputs) -> list[Path]:
    """Writes every output or none (text as UTF-8); a failure becomes one message naming the file.

    This is the one place where files are written and where an ``OSError``
    becomes a message in the user's terms.
    """
    targets = [target for target, _ in outputs]
    if len(set(targets)) != len(targets):
        twice = next(t for t in targets if targets.count(t) > 1)
        raise QuizgenError(f"two outputs would both be written to {twice}")
    try:
        with atomic_paths(targets) as tmps:
            for tmp, (_, content) in zip(tmps, outputs, strict=True):
                if isinstance(content, str):
                    # encoded at once: half the time of a text stream's chunks for a quiz of 50 MB
                    lines = content if os.linesep == "\n" else content.replace("\n", os.linesep)
                    tmp.write_bytes(lines.encode("utf-8"))
                else:
                    tmp.write_bytes(content)
    except OSError as e:
        raise write_error(e, targets[0] if targets else Path(".")) from None
    return targets
