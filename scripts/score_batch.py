"""Score a large corpus: a thin wrapper over ``reliability score`` (same options).

    python scripts/score_batch.py corpus.parquet --text-col body --id-col url -o scores.parquet
    python scripts/score_batch.py corpus.parquet --text-col body --id-col url -o scores.parquet --resume

Rows go to ``OUT.partial`` while the run is going and become ``OUT`` only when it finishes;
``--resume`` continues an interrupted run (also one killed with SIGKILL). See ``--help``.
"""

from __future__ import annotations

import sys

from reliability.cli import app

if __name__ == "__main__":
    app(args=["score", *sys.argv[1:]], prog_name="score_batch.py")
