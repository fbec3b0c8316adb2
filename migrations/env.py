"""Alembic environment: the URL is the caller's (``validator.store.db.upgrade``) or the
settings' (``alembic upgrade head`` on the command line)."""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from validator.settings import get_settings
from validator.store.db import database_url, make_engine
from validator.store.models import Base

config = context.config
if config.config_file_name is not None and not config.attributes.get("quiet_logging"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

url = config.get_main_option("sqlalchemy.url") or database_url(get_settings())
engine = make_engine(url)

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
