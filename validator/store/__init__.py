"""The submission store: schools, submissions, versions, files, results, reviews, returns.

SQLAlchemy 2 models (``models``), the engine (``db``), content-addressed files
(``blobs``), the queries the API and the worker share (``repository``) and deadlines
(``timeliness``). The schema changes only through Alembic migrations (``migrations/``).
"""
