"""Training: tables from the corpora, fitting, and the shipped model bundle."""
