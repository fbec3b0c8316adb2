"""Train the line reader of ``ocr/digit_line.py`` and write ``ocr/data/digit_line.npz``.

    uv run --with torch python -m ocr.train_digit_line   # ~4 min of data, ~15 min training

The handwriting is ``ocr.train_digits``'s: MNIST digits (the held-out writers kept aside
here too) and the digits of 23 handwriting fonts and 6 print-like ones (``PRINT_FONTS``),
each varied as a clerk's hand varies. Never the evidence generator's strokes: the
benchmark measures the reader on those. Numbers of one to five digits are composed from
them as clerks write into a blank: one pen for the whole number mostly, digits a little
higher or lower, spaced apart or touching or overlapping, the whole slanted or turned a
little; some with a faint pen's broken strokes or specks of dirt; half brought down to a
scan's resolution. Each goes through the very ``ocr.digit_line.to_line`` the reader
applies to a blank.

PyTorch (CPU) trains it with the CTC loss: a developer-only tool, as for the digit
network. Training is seeded; another machine or PyTorch version gives a reader of about
the same held-out accuracy, not the same bytes, so a retrained reader replaces this one
only after ``bench.ocr`` and other corpus seeds than the benchmark's show it reads at
least as many numbers with none wrong.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from ocr import train_digits as digits
from ocr.digit_line import (
    DIGIT_HEIGHT,
    HEIGHT,
    MODEL_PATH,
    NONE,
    STEP,
    column_probabilities,
    decode,
    to_line,
)
from ocr.digits import even_pen, tight

SEED = 30
NUMBERS = 80_000  # composed numbers to train on
HELD_OUT_NUMBERS = 2_000  # composed from the held-out MNIST writers, to report accuracy
MNIST_VARIANTS, FONT_VARIANTS = 6, 40  # varied copies of each digit in the glyph pool
LENGTHS, LENGTH_SHARES = (1, 2, 3, 4, 5), (0.15, 0.38, 0.35, 0.1, 0.02)
GLYPH_PX = 100  # digits are composed this tall, then brought to the line's size
ONE_PEN = 0.7  # share of numbers written with one pen (``even_pen``) for every digit
GAP = (-0.18, 0.55)  # space after a digit, as a share of the average width (< 0: overlap)
SLANT, TURN_DEGREES = 0.25, 4.0  # the number's slant and turn, at most, either way
FAINT, SPECKS, SCANNED = 0.12, 0.25, 0.5  # shares of numbers so degraded
EPOCHS, BATCH = 6, 64


def glyph_pool(
    images: np.ndarray, labels: np.ndarray, rng: np.random.Generator
) -> list[list[np.ndarray]]:
    """Per digit, masks of it (ink 1): each MNIST digit as written and varied, each font
    digit varied."""
    pool: list[list[np.ndarray]] = [[] for _ in range(10)]
    for image, label in zip(images, labels, strict=True):
        for variant in range(MNIST_VARIANTS):
            mask = digits.local_style(digits.pen_mask(image), int(label), rng)
            mask = mask if variant == 0 else digits.vary(mask, rng)
            if mask.any():
                pool[label].append(tight(mask).astype(np.uint8))
    masks, font_labels = digits.font_digits()
    for mask, label in zip(masks, font_labels, strict=True):
        for _ in range(FONT_VARIANTS):
            shaped = digits.vary(mask, rng)
            if shaped.any():
                pool[label].append(tight(shaped).astype(np.uint8))
    return pool


def compose(pool: list[list[np.ndarray]], rng: np.random.Generator) -> tuple[np.ndarray, str]:
    """A number written as a blank's ink: (mask, its digits)."""
    number = rng.integers(0, 10, rng.choice(LENGTHS, p=LENGTH_SHARES))
    one_pen = rng.random() < ONE_PEN
    parts = []
    for digit in number:
        glyph = pool[digit][rng.integers(len(pool[digit]))]
        if one_pen:
            glyph = tight(even_pen(glyph, DIGIT_HEIGHT / glyph.shape[0]))
        scale = GLYPH_PX * rng.uniform(0.85, 1.1) / glyph.shape[0]
        size = (max(1, round(glyph.shape[1] * scale)), max(1, round(glyph.shape[0] * scale)))
        parts.append(cv2.resize(glyph, size, interpolation=cv2.INTER_NEAREST))
    average = float(np.mean([max(p.shape[1], 0.5 * GLYPH_PX) for p in parts]))
    width = int(sum(p.shape[1] for p in parts) + average * len(parts) + 40)
    canvas = np.zeros((int(GLYPH_PX * 1.6), width), np.uint8)
    x = 20
    for part in parts:
        y = int(GLYPH_PX * 0.3 + rng.normal(0, 0.05) * GLYPH_PX)
        y = max(0, min(canvas.shape[0] - part.shape[0], y))
        window = canvas[y : y + part.shape[0], x : x + part.shape[1]]
        np.maximum(window, part, out=window)
        x = max(x + 4, int(x + part.shape[1] + rng.uniform(*GAP) * average))
    return _degrade(_turned(np.pad(tight(canvas), 30), rng), rng), "".join(map(str, number))


def _turned(mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    h, w = mask.shape
    slant, angle = rng.uniform(-SLANT, SLANT), np.deg2rad(rng.uniform(-TURN_DEGREES, TURN_DEGREES))
    turn = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    linear = turn @ np.array([[1, slant], [0, 1]])
    centre = np.array([w / 2, h / 2])
    affine = np.hstack([linear, (centre - linear @ centre)[:, None]]).astype(np.float32)
    return cv2.warpAffine(mask, affine, (w, h), flags=cv2.INTER_NEAREST)


def _degrade(mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A faint pen's broken strokes, specks near the number, a scan's resolution."""
    if rng.random() < FAINT:
        kept = rng.random(mask.shape) > rng.uniform(0.2, 0.5)
        mask = mask & cv2.dilate(kept.astype(np.uint8), np.ones((3, 3), np.uint8))
    if rng.random() < SPECKS:
        for _ in range(rng.integers(1, 4)):
            ys, xs = np.nonzero(mask)
            cy = rng.integers(max(0, ys.min() - 10), min(mask.shape[0], ys.max() + 10))
            cx = rng.integers(max(0, xs.min() - 10), min(mask.shape[1], xs.max() + 10))
            cv2.circle(mask, (int(cx), int(cy)), int(rng.integers(1, 4)), 1, -1)
    if rng.random() < SCANNED:
        scale = rng.uniform(0.3, 0.6)
        small = cv2.resize(mask.astype(np.float32), None, fx=scale, fy=scale,
                           interpolation=cv2.INTER_AREA)  # fmt: skip
        mask = (small > rng.uniform(0.3, 0.6)).astype(np.uint8)
    return mask.astype(bool)


def numbers(
    pool: list[list[np.ndarray]], count: int, rng: np.random.Generator
) -> tuple[list[np.ndarray], list[str]]:
    """``count`` composed numbers as line images, and their digits."""
    lines: list[np.ndarray] = []
    texts: list[str] = []
    while len(lines) < count:
        mask, text = compose(pool, rng)
        line = to_line(mask)
        if line is not None:
            lines.append(line)
            texts.append(text)
    return lines, texts


def model() -> Any:
    """The layers ``ocr.digit_line.LAYERS`` runs, indexed as it loads them."""
    from torch import nn  # developer-only: see the module's docstring

    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 96, 3, padding=1), nn.ReLU(), nn.MaxPool2d((2, 1)),
        nn.Conv2d(96, 128, (4, 1)), nn.ReLU(), nn.Dropout(0.2),
        nn.Conv2d(128, 128, (1, 5), padding=(0, 2)), nn.ReLU(),
        nn.Conv2d(128, NONE + 1, 1),
    )  # fmt: skip


def batches(lines: list[np.ndarray], order: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """(indices, images padded to the batch's widest) in ``order``."""
    for k in range(0, len(order), BATCH):
        index = order[k : k + BATCH]
        widest = max(lines[i].shape[1] for i in index)
        images = np.zeros((len(index), 1, HEIGHT, widest), np.float32)
        for j, i in enumerate(index):
            images[j, 0, :, : lines[i].shape[1]] = lines[i]
        yield index, images


def train(
    lines: list[np.ndarray], texts: list[str], rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """The reader's weights, named as ``ocr.digit_line`` loads them."""
    import torch
    from torch import nn

    net = model()
    optimiser = torch.optim.Adam(net.parameters(), 1e-3)
    steps = EPOCHS * -(-len(lines) // BATCH)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, 3e-3, total_steps=steps)
    ctc = nn.CTCLoss(blank=NONE, zero_infinity=True)
    for epoch in range(EPOCHS):
        net.train()
        order = rng.permutation(len(lines))  # batches of similar widths, in random order
        chunks = [order[k : k + BATCH * 50] for k in range(0, len(order), BATCH * 50)]
        order = np.concatenate([c[np.argsort([lines[i].shape[1] for i in c])] for c in chunks])
        epoch_batches = list(batches(lines, order))
        rng.shuffle(epoch_batches)
        total = 0.0
        for index, images in epoch_batches:
            log_probs = net(torch.from_numpy(images)).squeeze(2).permute(2, 0, 1).log_softmax(2)
            target_lengths = torch.tensor([len(texts[i]) for i in index])
            input_lengths = torch.tensor([lines[i].shape[1] // STEP for i in index])
            targets = torch.tensor([int(c) for i in index for c in texts[i]])
            loss = ctc(log_probs, targets, input_lengths, target_lengths)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
            total += loss.item()
        print(f"epoch {epoch}: CTC loss {total / len(epoch_batches):.3f}", flush=True)
    net.eval()
    return {k: v.detach().numpy().astype(np.float32) for k, v in net.state_dict().items()}


def main() -> None:
    import torch

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    torch.manual_seed(SEED)
    rng = np.random.default_rng(SEED)
    start = time.time()
    images, labels = digits.load_mnist(digits.fetch())
    held = digits.split(labels, rng)
    pool = glyph_pool(images[~held], labels[~held], rng)
    held_images, held_labels = images[held], labels[held]
    held_pool = [
        [tight(digits.pen_mask(image)).astype(np.uint8) for image in held_images[held_labels == d]]
        for d in range(10)
    ]
    lines, texts = numbers(pool, NUMBERS, rng)
    test_lines, test_texts = numbers(held_pool, HELD_OUT_NUMBERS, rng)
    print(f"{len(lines)} numbers composed in {time.time() - start:.0f} s", flush=True)
    weights = train(lines, texts, rng)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, Any] = weights
    np.savez_compressed(args.out, **arrays)
    read = [decode(column_probabilities(line, weights))[0] for line in test_lines]
    right = np.mean([got == text for got, text in zip(read, test_texts, strict=True)])
    print(f"held-out writers' numbers: {right:.2%} read right; wrote {args.out}")


if __name__ == "__main__":
    main()
