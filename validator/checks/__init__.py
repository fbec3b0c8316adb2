"""Check types, implemented once; rule sets pick and configure them.

Importing this package registers every check type in ``CHECKS`` (Vale's model: the engine
knows a dozen rule *types*; the YAML chooses and configures them).
"""

from validator.checks import (  # noqa: F401  (registration)
    crossdoc,
    evidence,
    form,
    plan,
    report,
    timeliness,
)
from validator.checks.base import CHECKS, CheckContext, Hit, check

__all__ = ["CHECKS", "CheckContext", "Hit", "check"]
