"""Issues from trackers in, decisions back out (issue 26): `import-issues`, `export-issues`."""

from __future__ import annotations

import json
import sys

from cli.common import EXIT_OK, BadInput, check_output, open_store, write_output


def register(command) -> dict:
    imp = command("import-issues", "import issues from a Jira, Azure DevOps or ServiceNow CSV "
                                   "export, or a spreadsheet (.csv or .xlsx)", "db")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--mapping", metavar="M.json", help="the mapping to use (default: the "
                                                         "source's own)")
    imp.add_argument("--save-mapping", metavar="M.json", help="write the mapping used")
    imp.add_argument("--dry-run", action="store_true", help="say what the import would do; "
                                                            "write nothing")
    exp = command("export-issues", "write the release decisions as a CSV file the tracker's "
                                   "importer takes, to update the issues in place", "db")
    exp.add_argument("--source", required=True, choices=("jira", "azure-devops"))
    exp.add_argument("-o", "--output", required=True, metavar="FILE")
    exp.add_argument("--mapping", metavar="M.json",
                     help="the mapping of the import (its status and release tables)")
    exp.add_argument("--status", action="store_true",
                     help="also write each CR's stage back as a status (needs --mapping)")
    return {"import-issues": cmd_import_issues, "export-issues": cmd_export_issues}


def _mapping(path: str | None):
    from app.importing.limits import ImportFileError
    from app.importing.mapping import load_mapping

    if path is None:
        return None
    try:
        return load_mapping(path)
    except ImportFileError as exc:
        raise BadInput(str(exc)) from None


def cmd_import_issues(args) -> int:
    from app.importing.limits import ImportFileError
    from app.importing.load import prepare
    from app.importing.mapping import mapping_path_problem

    mapping = _mapping(args.mapping)
    if args.save_mapping:
        problem = mapping_path_problem(args.save_mapping)
        if problem:
            raise BadInput(problem)
    try:
        prepared = prepare(args.file, mapping)
    except ImportFileError as exc:
        raise BadInput(str(exc)) from None
    if args.dry_run:
        _refuse_old_schema(args)
    store = open_store(args, purpose="read" if args.dry_run else "use")
    try:
        if args.dry_run:
            from app.model.plan import effective_today

            plan = store.load().plan
            outcome = prepared.job.decide(plan, effective_today(plan, args.today))
        else:
            from app.edits.service import PlanService

            outcome = PlanService(store, args.today).run(prepared.job)
    finally:
        store.close()
    report = outcome.report
    report.dry_run = args.dry_run
    if args.save_mapping:
        write_output(args.save_mapping, lambda: prepared.mapping.save(args.save_mapping))
    if args.format == "json":
        sys.stdout.write(json.dumps(report.to_json(), ensure_ascii=False) + "\n")
    else:
        print(f"{args.file} ({prepared.source}): {report.text()}")
    return EXIT_OK


def _refuse_old_schema(args) -> None:
    """A dry run writes nothing, so it does not upgrade an older database's schema either."""
    import sqlite3
    from contextlib import closing

    from storage.database import database_url, sqlite_path
    from storage.migrate import SCHEMA_HEAD

    if args.db is None:
        return  # the local plan: opened (and kept up to date) by this program only
    try:
        path = sqlite_path(database_url(args.db))
    except Exception:  # an unusable --db: opening it says why
        return
    if path is None or not path.is_file():
        return  # a server is upgraded by `db upgrade` or a client, never by a dry run
    try:  # read-only, without touching the file (not even its journal mode)
        with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            current = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    except (sqlite3.Error, TypeError):
        return  # not a plan database: opening it says so
    if current != SCHEMA_HEAD:
        raise BadInput(f"{args.db}: the database's schema ({current}) needs an upgrade to "
                       f"{SCHEMA_HEAD}, which a dry run does not write; run `db upgrade` first")


def cmd_export_issues(args) -> int:
    from app.importing.write_back import write_back_csv, write_back_rows
    from app.plan_file.output_files import write_atomically

    check_output(args)
    mapping = _mapping(args.mapping)
    if args.status and mapping is None:
        raise BadInput("--status: needs --mapping, whose status table names the statuses")
    if mapping is not None and mapping.source != args.source:
        raise BadInput(f"{args.mapping}: the mapping is for {mapping.source}, not "
                       f"{args.source}")
    store = open_store(args, purpose="read")
    try:
        plan = store.load().plan
    finally:
        store.close()
    rows = write_back_rows(plan, args.source, mapping, args.status)
    data = write_back_csv(rows)
    write_output(args.output, lambda: write_atomically(args.output, lambda f: f.write(data)))
    if args.format == "json":
        print(json.dumps({"source": args.source, "output": args.output,
                          "issues": len(rows) - 1}))
    else:
        print(f"{args.output}: {len(rows) - 1} {args.source} issues to update.")
    return EXIT_OK
