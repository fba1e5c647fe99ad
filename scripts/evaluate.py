"""Measure the shipped model and write models/MODEL_CARD.md: a thin wrapper over `reliability evaluate`."""

from reliability.cli import app

if __name__ == "__main__":
    app(["evaluate", *__import__("sys").argv[1:]], prog_name="evaluate.py")
