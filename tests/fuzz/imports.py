"""Run an import on generated input: it must be applied, or refused with the database as it was."""

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import CommandError
from django.db import transaction

from regions.models import LiveBirths, LocalAuthority, Region
from tests.regions.commands import command_output, stored_births, stored_boundaries

from .tally import Tally

TEXT_FIELDS = ("CharField", "TextField", "SlugField")


def database_state() -> dict:
    """Everything an import may write: boundaries byte for byte, every births row, and the audit history."""
    return {
        "boundaries": stored_boundaries(),
        "births": stored_births(),
        "history": [model.history.count() for model in (LocalAuthority, Region, LiveBirths)],
    }


def import_outcome(
    command: str, path: Path | str, *, tally: Tally, dry_run: bool = False,
    state: Callable[[], object] = database_state, max_lines: int | None = None, **options,
) -> str:
    """Run a data command; return "imported" or "refused", and fail on any other way of ending.

    ``state`` returns everything the command may write, to compare before and after a refusal;
    ``max_lines``, if given, is the most lines a refusal may take.
    Whatever it does is rolled back afterwards, so that each input meets the same database.
    """
    with transaction.atomic():
        outcome = _outcome(
            command, path, tally=tally, dry_run=dry_run, state=state, max_lines=max_lines, **options
        )
        transaction.set_rollback(True)
    return outcome


def _outcome(
    command: str, path: Path | str, *, tally: Tally, dry_run: bool, state, max_lines, **options
) -> str:
    before = state()
    try:
        command_output(command, str(path), dry_run=dry_run, **options)
    except CommandError as refused:
        tally.count("refused")
        assert str(refused).startswith("Nothing was imported"), str(refused)
        lines = len(str(refused).splitlines())
        assert max_lines is None or lines <= max_lines, f"a refusal of {lines} lines: {refused}"
        assert state() == before, f"a refused import changed the database: {refused}"
        return "refused"
    except Exception:
        tally.count("exception", server_error=True)
        raise
    tally.count("dry run" if dry_run else "imported")
    if dry_run:
        assert state() == before, "a dry run changed the database"
    _assert_storable_anywhere()
    return "imported"


def _assert_storable_anywhere() -> None:
    """Fail on what SQLite stores but PostgreSQL refuses: a value longer than its column, or a NUL."""
    for model in (LocalAuthority, LiveBirths):
        text_fields = [f.attname for f in model._meta.fields if f.get_internal_type() in TEXT_FIELDS]
        for row in model.objects.all():
            row.clean_fields()
            nul = [name for name in text_fields if "\x00" in (getattr(row, name) or "")]
            assert not nul, f"a NUL was stored in {row!r}: {nul}"
