"""Run a data command as a steward would, and check that a refusal left the database as it was."""

import io
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def command_output(command: str, *args, **options) -> str:
    """Run a management command and return what it printed."""
    out = io.StringIO()
    call_command(command, *args, stdout=out, **options)
    return out.getvalue()


def command_refused(command: str, *args, snapshot: Callable[[], object], **options) -> str:
    """Run a command that must refuse its input; assert nothing changed and return the message shown."""
    before = snapshot()
    with pytest.raises(CommandError) as refused:
        command_output(command, *args, **options)
    assert snapshot() == before, "a refused import changed the database"
    message = str(refused.value)
    assert message.startswith("Nothing was imported")
    return message
