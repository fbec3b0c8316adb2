# The cchc service image: API (`serve`) and Celery worker (`worker`) from one image.
# Tesseract with its Vietnamese data reads evidence scans.
FROM python:3.11-slim-bookworm

RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        tesseract-ocr tesseract-ocr-vie fonts-dejavu-core libgl1 libglib2.0-0 \
    && rm -rf /var/lib/apt/lists/*

COPY --from=ghcr.io/astral-sh/uv:0.5.11 /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never

WORKDIR /app
# dependencies first (cached while only the code changes), then the project itself
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY validator ./validator
COPY ocr ./ocr
COPY corpus ./corpus
COPY rules ./rules
COPY migrations ./migrations
COPY alembic.ini worker.py ./
RUN uv sync --frozen --no-dev

RUN useradd --system --uid 1000 cchc && mkdir /data && chown cchc /data
USER cchc
ENV PATH=/app/.venv/bin:$PATH CCHC_DATA_DIR=/data PYTHONUNBUFFERED=1
VOLUME /data
EXPOSE 8000
CMD ["python", "-m", "validator.cli_service", "serve", "--host", "0.0.0.0", "--port", "8000"]
