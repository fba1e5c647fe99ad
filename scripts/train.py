"""Train the default model: a thin wrapper over `reliability train` (same options)."""

from reliability.cli import app

if __name__ == "__main__":
    app(["train", *__import__("sys").argv[1:]], prog_name="train.py")
