"""The trained event coder: which tokens are triggers of which type, and who takes part.

Applies the weights that :mod:`warta.events.train` writes to
``warta/models/events/<lang>.npz``: a trigger model over every token of a sentence and
a role model over every (trigger, candidate) pair. Both are linear scorers over the
features of :mod:`warta.events.features`, applied with numpy alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

import numpy as np

from ..budget import setup_time
from ..errors import ModelError
from ..resources import MODELS_DIR

EVENT_MODELS = MODELS_DIR / "events"
ROLES = ("none", "actor1", "actor2")
NONE = frozenset({None})


@dataclass(frozen=True, eq=False)
class LinearModel:
    """A multinomial linear model over dense features and (optionally) named sparse features."""

    labels: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    dense: np.ndarray  # (dense features, labels)
    bias: np.ndarray
    vocab: dict[str, int]
    sparse: np.ndarray  # (vocabulary, labels)
    threshold: float
    # A trigger word of the lexicon needs only this much (the trigger model; defaults to ``threshold``).
    lexicon_threshold: float | None = None

    @cached_property
    def _folded(self) -> tuple[np.ndarray, np.ndarray]:
        """The dense weights and bias with the standardisation folded in (one matrix product a call)."""
        weights = self.dense / self.scale[:, None]
        return weights.astype(np.float32), (self.bias - (self.mean / self.scale) @ self.dense).astype(np.float32)

    def probabilities(self, dense: np.ndarray, sparse: list[list[str]] | None = None, *,
                      shared: list[list[str]] | None = None, owner: np.ndarray | None = None) -> np.ndarray:
        """Label probabilities of each row: ``dense`` features, ``sparse`` words of each row, and
        ``shared`` words of groups of rows (``owner``: each row's group), scored once per group."""
        weights, bias = self._folded
        scores = dense @ weights + bias
        if sparse is not None and self.vocab:
            scores += self._sparse_scores(sparse)
        if shared is not None and self.vocab:
            scores += self._sparse_scores(shared)[owner]
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return exp / exp.sum(axis=1, keepdims=True)

    def _sparse_scores(self, rows_words: list[list[str]]) -> np.ndarray:
        """The summed weights of each row's known words (present or not, as in training)."""
        vocab = self.vocab
        out = np.zeros((len(rows_words), len(self.labels)), dtype=np.float32)
        known = [set(map(vocab.get, words)) - NONE for words in rows_words]
        counts = np.fromiter((len(k) for k in known), dtype=np.int64, count=len(known))
        if counts.sum():
            hits = self.sparse[[at for k in known for at in k]]
            rows = np.flatnonzero(counts)
            out[rows] = np.add.reduceat(hits, np.cumsum(counts)[rows] - counts[rows], axis=0)
        return out

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        words = sorted(self.vocab, key=self.vocab.get)
        meta = {"labels": list(self.labels), "threshold": self.threshold,
                "lexicon_threshold": self.lexicon_threshold}
        return {f"{prefix}.mean": self.mean, f"{prefix}.scale": self.scale, f"{prefix}.dense": self.dense,
                f"{prefix}.bias": self.bias, f"{prefix}.sparse": self.sparse.astype(np.float16),
                f"{prefix}.vocab": np.array(words, dtype=str), f"{prefix}.meta": np.array(json.dumps(meta))}

    @classmethod
    def from_arrays(cls, arrays, prefix: str) -> LinearModel:
        meta = json.loads(str(arrays[f"{prefix}.meta"]))
        words = [str(w) for w in arrays[f"{prefix}.vocab"]]
        return cls(labels=tuple(meta["labels"]), mean=arrays[f"{prefix}.mean"], scale=arrays[f"{prefix}.scale"],
                   dense=arrays[f"{prefix}.dense"], bias=arrays[f"{prefix}.bias"],
                   vocab={w: k for k, w in enumerate(words)},
                   sparse=arrays[f"{prefix}.sparse"].astype(np.float32), threshold=float(meta["threshold"]),
                   lexicon_threshold=meta.get("lexicon_threshold"))


@dataclass(frozen=True)
class EventModels:
    trigger: LinearModel
    role: LinearModel


def model_file(lang: str) -> Path:
    return EVENT_MODELS / f"{lang}.npz"


def save(lang: str, models: EventModels, *, path: Path | None = None) -> Path:
    target = path or model_file(lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(target, **models.trigger.arrays("trigger"), **models.role.arrays("role"))
    return target


@cache
def load(lang: str) -> EventModels | None:
    """The shipped event models of a language, or None where none is shipped."""
    path = model_file(lang)
    if not path.exists():
        return None
    try:
        with setup_time(), np.load(path, allow_pickle=False) as arrays:
            return EventModels(LinearModel.from_arrays(arrays, "trigger"), LinearModel.from_arrays(arrays, "role"))
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"cannot load the event model at {path}: {exc}") from exc
