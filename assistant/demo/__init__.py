"""The project's own demo shop: a deterministic generator of catalog, shoppers and orders.

``generate_demo(out_dir, seed=7)`` writes, into ``out_dir``:

- ``catalog.jsonl``: products in the catalog contract (assistant.catalog.schema.Product)
- ``images/*.svg``: placeholder tiles; ``image_url`` is ``images/<file>.svg``
- ``shoppers.jsonl``: synthetic shoppers with a taste group
- ``interactions.csv``: ``user_id,product_id,event,value,timestamp`` (unix seconds)
- ``orders.jsonl``: one order per checkout, status as of the generator's reference date

The same seed gives byte-identical files; nothing reads global random state or the clock.
"""

from __future__ import annotations

from assistant.demo.generator import REFERENCE_DATE, DemoSummary, generate_demo

__all__ = ["REFERENCE_DATE", "DemoSummary", "generate_demo"]
