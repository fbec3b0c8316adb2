"""The few network layers the digit readers run in NumPy (``ocr.digits``,
``ocr.digit_line``): the product needs only their weights, not PyTorch, which trained
them. Arrays are laid out as PyTorch lays them: (n, channels, height, width)."""

from __future__ import annotations

import numpy as np


def convolve(
    x: np.ndarray, kernels: np.ndarray, bias: np.ndarray, pad: tuple[int, int]
) -> np.ndarray:
    """(n, in, h, w) maps through (out, in, kh, kw) kernels plus their biases, the maps
    zero-padded by ``pad`` (rows, columns) on each side first."""
    kh, kw = kernels.shape[-2:]
    rows, columns = pad
    padded = np.pad(x, ((0, 0), (0, 0), (rows, rows), (columns, columns)))
    windows = np.lib.stride_tricks.sliding_window_view(padded, (kh, kw), axis=(2, 3))
    out = np.einsum("nchwij,ocij->nohw", windows, kernels, optimize=True)
    return out + bias[None, :, None, None]


def max_pool(x: np.ndarray, rows: int = 2, columns: int = 2) -> np.ndarray:
    """Max pooling of (n, c, h, w) maps over ``rows`` x ``columns`` windows; a last row
    or column that fills no window is dropped, as PyTorch does."""
    n, c, h, w = x.shape
    x = x[:, :, : h // rows * rows, : w // columns * columns]
    return x.reshape(n, c, h // rows, rows, w // columns, columns).max(axis=(3, 5))


def relu(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, 0.0)


def softmax(x: np.ndarray, axis: int = -1) -> np.ndarray:
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)
