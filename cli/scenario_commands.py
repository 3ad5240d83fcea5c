"""`scenario create/list/delete/diff/promote` (issue 22), and the `--scenario NAME` option of
the commands that read or edit the plan: they then work on that scenario's plan."""

from __future__ import annotations

import argparse
import json
import sys

from cli.common import EXIT_OK, EXIT_REFUSED, BadInput, add_action, open_store, today

# The commands that take --scenario; `deploy` takes it only to refuse it (a live act).
SCENARIO_COMMANDS = ("bundle", "schedule", "report", "timeline", "export", "history", "deploy")


def check_scenario_option(args) -> None:
    """Before any command runs: --scenario where it cannot apply is bad input (exit 2)."""
    name = getattr(args, "scenario", None)
    if name is None:
        return
    if args.command == "deploy":
        raise BadInput("--scenario: deploying is a live act; promote the scenario's changes "
                       "first (`release-planner scenario promote`), then deploy live")
    if getattr(args, "plan", None):
        raise BadInput("--scenario: a plan file has no scenarios; use --db")


def register(command) -> dict:
    scenario = command("scenario", "plan a slip or a reshuffle aside, compare, promote", "db")
    actions = scenario.add_subparsers(dest="scenario_action", metavar="ACTION", required=True)

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        return add_action(actions, name, help_text, today=True)

    create = action("create", "a new scenario, from the live plan or another scenario")
    create.add_argument("name", metavar="NAME")
    create.add_argument("--from", dest="source", default="live", metavar="SCENARIO",
                        help="start from this scenario's changes (default: live)")
    action("list", "the scenarios, with their counts of changes and stale changes")
    action("delete", "delete a scenario and its changes").add_argument("name", metavar="NAME")
    diff = action("diff", "what each planned release ships in A and in B, and why not the rest")
    diff.add_argument("a", metavar="A", help="a scenario's name, or live")
    diff.add_argument("b", metavar="B", help="a scenario's name, or live")
    diff.add_argument("--release", metavar="R", help="only this release")
    promote = action("promote", "apply a scenario's changes to the live plan, as one edit")
    promote.add_argument("name", metavar="NAME")
    promote.add_argument("--cr", nargs="+", action="extend", default=[], metavar="KEY",
                         help="only the changes of these change requests")
    return {"scenario": cmd_scenario}


def cmd_scenario(args) -> int:
    from app.scenarios.model import ScenarioError

    store = open_store(args)
    try:
        from storage.scenario_store import ScenarioCatalog

        catalog = ScenarioCatalog(store)
        return {"create": _create, "list": _list, "delete": _delete, "diff": _diff,
                "promote": _promote}[args.scenario_action](args, catalog)
    except ScenarioError as exc:
        raise BadInput(str(exc)) from None
    finally:
        store.close()


def _say(args, text: str, document) -> int:
    print(json.dumps(document, ensure_ascii=False) if args.format == "json" else text)
    return EXIT_OK


def _create(args, catalog) -> int:
    catalog.create(args.name, args.source)
    return _say(args, f"scenario {args.name}: created from {args.source}.",
                {"name": args.name, "from": args.source})


def _list(args, catalog) -> int:
    found = catalog.list()
    if args.format == "json":
        return _say(args, "", [s.document() for s in found])
    if not found:
        print("no scenarios; make one with `release-planner scenario create NAME`")
    for s in found:
        stale = f", {s.stale} stale" if s.stale else ""
        print(f"{s.name}  by {s.created_by} on {s.created_at:%Y-%m-%d %H:%M}  "
              f"{s.changes} change{'s' if s.changes != 1 else ''}{stale}")
    return EXIT_OK


def _delete(args, catalog) -> int:
    catalog.delete(args.name)
    return _say(args, f"scenario {args.name}: deleted.", {"name": args.name, "deleted": True})


def _diff(args, catalog) -> int:
    from app.scenarios.diff import diff_plans, diff_text

    live, plans = catalog.load_both(dict.fromkeys((args.a, args.b)))
    a, b = plans[args.a].plan, plans[args.b].plan
    if args.release is not None and args.release not in a.releases \
            and args.release not in b.releases:
        raise BadInput(f'--release: there is no release "{args.release}" in {args.a} or '
                       f"{args.b}")
    doc = diff_plans(a, b, today(args, live.plan), args.release)
    if args.format == "json":
        sys.stdout.write(json.dumps(doc, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(diff_text(doc, args.a, args.b))
    return EXIT_OK


def _promote(args, catalog) -> int:
    from app.scenarios.promote import choose, decide_promotion

    changes, _ = catalog.changes(args.name)
    try:
        chosen = choose(changes, args.cr)
    except KeyError as exc:
        raise BadInput(f"--cr {exc.args[0]}: scenario {args.name} holds no change of it"
                       ) from None
    live = catalog.store.load()
    promotion = decide_promotion(args.name, live, chosen, today(args, live.plan))
    if not promotion.ok:
        return _refused(args, promotion)
    catalog.promote(promotion, live.versions)
    applied = [{"kind": ch.kind, "key": ch.key} for ch in promotion.chosen]
    lines = [f"scenario {args.name}: promoted {len(applied)} change"
             f"{'s' if len(applied) != 1 else ''} to live."]
    lines += [f"  {a['kind']} {a['key']}" for a in applied]
    return _say(args, "\n".join(lines), {"scenario": args.name, "applied": applied})


def _refused(args, promotion) -> int:
    count = len(promotion.refused) + len(promotion.stale)
    message = (f"scenario {args.name}: nothing was promoted; {count} change"
               f"{'s' if count != 1 else ''} would be refused")
    print(f"release-planner scenario promote: refused: {message}", file=sys.stderr)
    for r in promotion.refused:
        print(f"  {r.kind} {r.key}: {r.code}: {r.message}", file=sys.stderr)
    for ch in promotion.stale:
        print(f"  {ch.kind} {ch.key}: stale: changed in live since the scenario changed it; "
              "merge it in the desktop client or make the change again", file=sys.stderr)
    if args.format == "json":
        print(json.dumps({"error": "promote-refused", "message": message,
                          "refused": [r.document() for r in promotion.refused],
                          "stale": [{"kind": ch.kind, "key": ch.key}
                                    for ch in promotion.stale]}, ensure_ascii=False))
    return EXIT_REFUSED
