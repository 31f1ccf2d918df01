"""The portal under a real gunicorn on a SpatiaLite file of its own, for tests that need real server processes."""

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepared(folder: Path, secret: str, commands: list[list[str]], **settings: str) -> dict:
    """The environment of a portal on a database file in this folder, once these manage.py commands have run."""
    env = {**os.environ, "DATABASE_URL": f"spatialite:///{folder / 'db.sqlite3'}", "DEBUG": "false",
           "SECRET_KEY": secret, "ALLOWED_HOSTS": "127.0.0.1", "CACHE_URL": "", "CACHE_DIR": str(folder / "cache"),
           **settings}
    for command in commands:
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=600,
                       capture_output=True)
    return env


@contextlib.contextmanager
def served(env: dict, output: Path, *options: str) -> Iterator[str]:
    """gunicorn with these options, writing its output to a file; yields its base URL once it answers."""
    port = free_port()
    with output.open("w") as out:
        server = subprocess.Popen([str(GUNICORN), "pirs_portal.wsgi", "-b", f"127.0.0.1:{port}", *options],
                                  cwd=ROOT, env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                requests.get(base + "/accessibility/", timeout=10)
                break
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
