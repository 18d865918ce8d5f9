"""Classify the numbers of a document as targets, baselines or neither (DESIGN.md: extraction).

One module per stage, in the order the data flows:

- `structure`: what each part of a document is (headings, goals / background / criteria sections);
- `scope`: the years a document and its paragraphs speak of (title year, date of writing, horizon);
- `exclusions`: numbers that are neither target nor baseline (specifications, subsidies, names);
- `kind`: target or baseline, comparator, change and confidence of one number;
- `indicator`: the noun phrase each number measures;
- `tables`: indicator tables;
- `document`: the pass over a document that ties the stages together.

`patterns` holds the few patterns several stages share; word lists live in etl.lexicon.
"""

from __future__ import annotations

from etl.extract.document import extract_quantities
from etl.extract.scope import nearest_year, title_year

__all__ = ["extract_quantities", "nearest_year", "title_year"]
