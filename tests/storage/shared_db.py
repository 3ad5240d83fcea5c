"""A shared plan on the test PostgreSQL server set up as the README says: an administrator makes
the logins, the group roles (given to the owner WITH ADMIN OPTION) and a database owned by a
login that may not create roles; then the owner loads the demo plan, runs `db roles`, and one
`db grant` per planner. Real
LOGIN roles with passwords (the test server trusts 127.0.0.1, so any password is accepted)."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys

import psycopg

from storage.role_policies import GROUPS
from tests.conftest import ROOT

_counter = itertools.count()


def run_cli(*args: str, env: dict | None = None, timeout: int = 120):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True,
                          text=True, cwd=ROOT, timeout=timeout, env={**os.environ, **(env or {})})


class SharedPlan:
    def __init__(self, server):
        self.server = server
        n = f"{os.getpid()}_{next(_counter)}"
        self.database = f"rp_shared_{n}"
        self.owner, self.viewer = f"owner_{n}", f"vera_{n}"
        self.planner, self.manager = f"pete_{n}", f"mona_{n}"
        with self.admin() as conn:  # the administrator's steps of the README's recipe
            conn.execute(f'CREATE ROLE "{self.owner}" LOGIN PASSWORD \'owner-pw\'')
            for group in GROUPS.values():
                if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s",
                                    (group,)).fetchone():
                    conn.execute(f"CREATE ROLE {group} NOLOGIN")
                conn.execute(f'GRANT {group} TO "{self.owner}" WITH ADMIN OPTION')
            for login in (self.viewer, self.planner, self.manager):
                conn.execute(f'CREATE ROLE "{login}" LOGIN PASSWORD \'secret\'')
            conn.execute(f'CREATE DATABASE "{self.database}" OWNER "{self.owner}"')

    @staticmethod
    def admin_of(window):
        """An administrator's connection to the server a window's store is on."""
        url = window.controller.service.store.engine.url
        return psycopg.connect(host=url.host, port=url.port, user="postgres", dbname="postgres",
                               autocommit=True)

    def admin(self, dbname: str = "postgres"):
        return psycopg.connect(host="127.0.0.1", port=self.server.port, user="postgres",
                               dbname=dbname, autocommit=True)

    def url(self, login: str) -> str:
        return (f"postgresql+psycopg://{login}:secret@127.0.0.1:{self.server.port}/"
                f"{self.database}")

    def connect(self, login: str, autocommit: bool = True):
        return psycopg.connect(host="127.0.0.1", port=self.server.port, user=login,
                               password="secret", dbname=self.database, autocommit=autocommit)

    def set_up(self) -> None:
        """What the README's steps do, through the command line."""
        for args in (("demo", "--db", self.url(self.owner)),
                     ("db", "roles", "--db", self.url(self.owner)),
                     ("db", "grant", "--db", self.url(self.owner), self.viewer, "viewer"),
                     ("db", "grant", "--db", self.url(self.owner), self.planner, "planner",
                      "--team", "ACQ", "--team", "RET"),
                     ("db", "grant", "--db", self.url(self.owner), self.manager, "manager")):
            done = run_cli(*args)
            assert done.returncode == 0, (args, done.stderr)
