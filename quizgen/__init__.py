"""quizgen: hand-curated YAML questions into Anki decks, printable quizzes and a terminal quiz."""

__version__ = "0.2.0"
