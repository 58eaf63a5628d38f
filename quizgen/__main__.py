"""Lets ``python -m quizgen`` behave exactly like the ``quizgen`` console script."""

from quizgen.main import main

main()
