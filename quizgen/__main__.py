"""Lets ``python -m quizgen`` behave exactly like the ``quizgen`` console script."""

from quizgen.cli import main

main()
