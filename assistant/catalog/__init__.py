from assistant.catalog.schema import Product
from assistant.catalog.validation import CatalogLoad, Reject, load_catalog, parse_mapping

__all__ = ["CatalogLoad", "Product", "Reject", "load_catalog", "parse_mapping"]
