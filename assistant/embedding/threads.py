"""Thread pools of the numeric libraries a serving process loads beside torch."""

from __future__ import annotations


def limit_blas_threads(threads: int) -> None:
    """Cap the BLAS thread pools (numpy's and FAISS's OpenBLAS) loaded so far at ``threads``
    for the rest of the process; ``threads <= 0`` leaves them alone. Call it once the index
    is loaded. Torch's own intra-op threads are not affected."""
    if threads <= 0:
        return
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=threads, user_api="blas")
