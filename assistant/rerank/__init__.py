"""Personal re-ranking of retrieval hits, with explanations from the score components."""

from assistant.rerank.explanations import Reason
from assistant.rerank.reranker import RankedProduct, Reranker

__all__ = ["RankedProduct", "Reason", "Reranker"]
