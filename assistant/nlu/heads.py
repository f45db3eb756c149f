"""A calibrated softmax classification head over sentence embeddings.

Trained with scikit-learn's multinomial logistic regression, then calibrated by temperature
scaling on out-of-fold logits; stored as plain arrays so inference is a matrix product in
numpy (no scikit-learn import when serving).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

TEMPERATURES = np.exp(np.linspace(np.log(0.2), np.log(5.0), 61))


@dataclass
class SoftmaxHead:
    labels: tuple[str, ...]
    weights: np.ndarray  # (features, classes)
    bias: np.ndarray  # (classes,)
    temperature: float = 1.0

    def __post_init__(self) -> None:
        if self.weights.ndim != 2 or self.weights.shape[1] != len(self.labels):
            raise ValueError("weights must be (features, classes) with one column per label")
        if self.bias.shape != (len(self.labels),):
            raise ValueError("bias must have one entry per label")
        if self.temperature <= 0:
            raise ValueError("temperature must be > 0")

    @property
    def n_features(self) -> int:
        return int(self.weights.shape[0])

    def logits(self, features: np.ndarray) -> np.ndarray:
        return np.asarray(features, dtype=np.float32) @ self.weights + self.bias

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """``(n, classes)`` calibrated probabilities."""
        return softmax(self.logits(features) / self.temperature)

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {
            f"{prefix}_labels": np.array(self.labels),
            f"{prefix}_weights": self.weights.astype(np.float32),
            f"{prefix}_bias": self.bias.astype(np.float32),
            f"{prefix}_temperature": np.array([self.temperature], dtype=np.float32),
        }

    @classmethod
    def from_arrays(cls, prefix: str, data: dict[str, np.ndarray]) -> SoftmaxHead:
        return cls(
            labels=tuple(str(x) for x in data[f"{prefix}_labels"]),
            weights=np.asarray(data[f"{prefix}_weights"], dtype=np.float32),
            bias=np.asarray(data[f"{prefix}_bias"], dtype=np.float32),
            temperature=float(data[f"{prefix}_temperature"][0]),
        )


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    out: np.ndarray = exp / exp.sum(axis=1, keepdims=True)
    return out


def _fit_logistic(
    features: np.ndarray, y: np.ndarray, c: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=3000, random_state=seed)
    model.fit(features, y)
    return model.coef_.T.astype(np.float32), model.intercept_.astype(np.float32)


def out_of_fold_logits(
    features: np.ndarray, y: np.ndarray, c: float, folds: int = 5, seed: int = 0
) -> np.ndarray:
    """Logits of each training row from a model that did not see it."""
    from sklearn.model_selection import StratifiedKFold

    classes = int(y.max()) + 1
    logits = np.zeros((len(y), classes), dtype=np.float32)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(features, y):
        weights, bias = _fit_logistic(features[train], y[train], c, seed)
        logits[test] = features[test] @ weights + bias
    return logits


def fit_temperature(logits: np.ndarray, y: np.ndarray) -> float:
    """The temperature minimising the negative log-likelihood (grid search)."""
    best_t, best_nll = 1.0, np.inf
    for t in TEMPERATURES:
        probs = softmax(logits / t)
        nll = -float(np.mean(np.log(probs[np.arange(len(y)), y] + 1e-12)))
        if nll < best_nll:
            best_t, best_nll = float(t), nll
    return best_t


def cross_validated_accuracy(
    features: np.ndarray, y: np.ndarray, c: float, folds: int = 5, seed: int = 0
) -> float:
    logits = out_of_fold_logits(features, y, c, folds, seed)
    return float(np.mean(logits.argmax(axis=1) == y))


def train_head(
    features: np.ndarray,
    labels: Sequence[str],
    label_names: Sequence[str],
    c: float,
    seed: int = 0,
) -> SoftmaxHead:
    """Fit the head on all rows and calibrate its temperature on out-of-fold logits."""
    index = {name: i for i, name in enumerate(label_names)}
    missing = set(labels) - set(index)
    if missing:
        raise ValueError(f"unknown labels: {sorted(missing)}")
    y = np.array([index[label] for label in labels])
    weights, bias = _fit_logistic(features, y, c, seed)
    temperature = fit_temperature(out_of_fold_logits(features, y, c, seed=seed), y)
    return SoftmaxHead(tuple(label_names), weights, bias, temperature)
