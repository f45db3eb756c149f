from __future__ import annotations

import pandas as pd
import pytest

from assistant.nlu import CatalogVocabulary, NLUPipeline


@pytest.fixture(scope="session")
def vocabulary() -> CatalogVocabulary:
    df = pd.DataFrame(
        {
            "brand": ["Nike", "The North Face", "Levi's", "Adidas", "Hydro Flask", "Nike"],
            "color": ["Black/Red", "Tan", "Navy Blue", "White", "Olive (12)", "Blue"],
            "size": ["10", "M", "XL", "32x32", "9.5", "10"],
            "category": [
                "Shoes > Sneakers",
                "Clothing > Jackets",
                "Clothing > Jeans",
                "Shoes > Boots",
                "Kitchen > Mugs",
                "Outdoor > Tents",
            ],
        }
    )
    return CatalogVocabulary.from_products(df)


@pytest.fixture(scope="session")
def pipeline(encoder, vocabulary) -> NLUPipeline:
    return NLUPipeline.load(vocabulary, encoder=encoder)


@pytest.fixture(scope="session")
def plain_pipeline(encoder) -> NLUPipeline:
    return NLUPipeline.load(encoder=encoder)
