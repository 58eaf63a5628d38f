"""Every file the package reads at run time is shipped by ``pip install .``, not only by an editable install.

A non-editable install copies only what ``[tool.setuptools.package-data]`` names; a template left out works in
the repository and fails for a teacher who installed quizgen with pip (``templates/types/`` once was).
"""

from __future__ import annotations

import tomllib
from fnmatch import fnmatch
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "quizgen"


def shipped_patterns() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns: list[str] = config["tool"]["setuptools"]["package-data"]["quizgen"]
    return patterns


def test_every_data_file_of_the_package_is_named_by_package_data() -> None:
    data = [
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in (".py", ".pyc") and "__pycache__" not in p.parts
    ]
    assert data, "the package has data files (templates, card scripts)"
    patterns = shipped_patterns()
    # setuptools globs like fnmatch, except that '*' never crosses a '/'
    missing = [f for f in data if not any(fnmatch(f, p) and f.count("/") == p.count("/") for p in patterns)]
    assert missing == [], f"add these to [tool.setuptools.package-data] in pyproject.toml: {missing}"
