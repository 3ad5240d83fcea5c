"""Commands over a plan: check, bundle, import, demo, generate, export, schedule, deploy."""

from __future__ import annotations

import json
import sys

from cli.common import (
    EXIT_OK,
    BadInput,
    check_output,
    default_database,
    demo_plan,
    empty_store,
    load_plan_file,
    open_store,
    plain,
    today,
    write_output,
)


def register(command) -> dict:
    command("check", "validate a plan file").add_argument("--plan", required=True, metavar="FILE")
    bundle = command("bundle", "what a planned release ships, and why the rest does not",
                     "plan-or-db")
    bundle.add_argument("--release", required=True, metavar="KEY")
    command("import", "load a plan file into a new or empty database", "db").add_argument(
        "file", metavar="FILE")
    command("export", "write the database's plan to a plan file", "db").add_argument(
        "-o", "--output", required=True, metavar="FILE")
    sched = command("schedule", "move a change request to a release, or to the backlog", "db")
    sched.add_argument("cr", metavar="CR")
    sched.add_argument("target", metavar="TARGET", help="a release key, or 'backlog'")
    command("deploy", "ship the next release", "db").add_argument("release", metavar="RELEASE")
    command("demo", "fill a new or empty database with the demo plan", "db")
    gen = command("generate", "fill a new or empty database with a large synthetic plan", "db")
    gen.add_argument("--crs", type=int, required=True, metavar="N")
    gen.add_argument("--seed", type=int, default=1, metavar="S")
    return {"check": cmd_check, "bundle": cmd_bundle, "import": cmd_import,
            "export": cmd_export, "schedule": cmd_schedule, "deploy": cmd_deploy,
            "demo": cmd_demo, "generate": cmd_generate}


def cmd_check(args) -> int:
    plan = load_plan_file(args.plan)
    counts = {"teams": len(plan.teams), "offer_packs": len(plan.packs), "items": len(plan.items),
              "releases": len(plan.releases), "change_requests": len(plan.crs)}
    if args.format == "json":
        print(json.dumps({"plan": args.plan, "valid": True, **counts}))
    else:
        print(f"{args.plan}: valid. {len(plan.teams)} teams, {len(plan.packs)} offer packs, "
              f"{len(plan.items)} items, {len(plan.releases)} releases, "
              f"{len(plan.crs)} change requests.")
    return EXIT_OK


def cmd_bundle(args) -> int:
    from app.engine.report import bundle_report
    from app.views.bundle_output import report_to_json, report_to_text

    if args.plan:
        plan = load_plan_file(args.plan)
    else:
        store = open_store(args, purpose="read")
        try:
            plan = store.load().plan
        finally:  # a damaged row too: the file's -wal and -shm go with the last connection
            store.close()
    report = bundle_report(plan, args.release, today(args, plan))
    if args.format == "json":
        sys.stdout.write(json.dumps(report_to_json(report), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(report_to_text(plan, report))
    return EXIT_OK


def _fill(args, plan, action: str) -> int:
    from storage.fill_file import removed_if_failed

    where = args.db if args.db is not None else default_database()
    with removed_if_failed(str(where)):
        store = empty_store(args)
        try:
            snapshot = store.replace_all(plan, action)
        finally:
            store.close()
    message = (f"{where}: {action}: {len(snapshot.plan.crs)} change requests, "
               f"{len(snapshot.plan.releases)} releases, {len(snapshot.plan.teams)} teams.")
    print(json.dumps({"database": str(where), "change_requests": len(snapshot.plan.crs)})
          if args.format == "json" else message)
    return EXIT_OK


def cmd_import(args) -> int:
    return _fill(args, load_plan_file(args.file), f"imported {args.file}")


def cmd_demo(args) -> int:
    return _fill(args, demo_plan(), "filled with the demo plan")


def cmd_generate(args) -> int:
    from app.generate.synthetic import MAX_CRS, generate_plan

    if not 0 <= args.crs <= MAX_CRS:  # before the database is opened: nothing is created
        raise BadInput(f"--crs: {args.crs} is not between 0 and {MAX_CRS}")
    return _fill(args, generate_plan(args.crs, args.seed), f"generated {args.crs} CRs")


def cmd_export(args) -> int:
    from app.plan_file.document import write_plan

    check_output(args)
    store = open_store(args, purpose="read")
    try:
        plan = store.load().plan
    finally:
        store.close()
    write_output(args.output, lambda: write_plan(plan, args.output))
    print(f"{args.output}: exported {len(plan.crs)} change requests.")
    return EXIT_OK


def cmd_schedule(args) -> int:
    from app.edits.moves import Schedule
    from app.edits.service import PlanService
    from app.model.plan import Target

    store = open_store(args)
    try:
        moved = PlanService(store, args.today).run(Schedule(args.cr, Target.parse(args.target)))
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps({"cr": moved.cr, "from": moved.previous.release,
                          "to": moved.target.release,
                          "warnings": [{"code": w.code, "cr": w.other, "message": w.message}
                                       for w in moved.warnings]}))
    else:
        print(plain(f"{moved.cr}: moved from {moved.previous} to {moved.target}."))
        for w in moved.warnings:
            print(plain(f"  warning ({w.code}): {w.message}"))
    return EXIT_OK


def cmd_deploy(args) -> int:
    from app.baselines.take import after_deploy
    from app.edits.releases import Deploy
    from app.edits.service import PlanService
    from cli.baseline_commands import take_due

    store = open_store(args)
    try:
        service = PlanService(store, args.today)
        take_due(store, service.load().plan, args)  # the freeze baseline, if nobody took it
        done = PlanService(store, args.today).run(Deploy(args.release))
        after_deploy(store.baselines(), service.load().plan, done.release, store.user)
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps({"release": done.release, "shipped": list(done.shipped),
                          "slipped": done.slipped}))
    else:
        print(f"{done.release}: deployed {len(done.shipped)} change requests"
              + (f": {', '.join(done.shipped)}." if done.shipped else "."))
        for cr, target in done.slipped.items():
            print(f"  {cr} slipped to {target or 'the backlog'}")
    return EXIT_OK
