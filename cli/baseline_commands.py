"""Baselines, slip and sign-off (issue 24): `baseline take|list|delete`, `slip`, `signoff`."""

from __future__ import annotations

import contextlib
import json

from cli.common import EXIT_OK, BadInput, iso_date, open_store, today


def register(command) -> dict:
    baseline = command("baseline", "named, read-only records of the plan: take, list, delete")
    actions = baseline.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, help_text: str):
        # Options follow the action (`baseline take NAME --db T`), so each action has them.
        p = actions.add_parser(name, help=help_text, description=help_text)
        p.add_argument("--db", metavar="TARGET",
                       help="a SQLite file or SQLAlchemy URL (default: your local plan)")
        p.add_argument("--today", type=iso_date, metavar="YYYY-MM-DD",
                       help="use this date as today everywhere")
        p.add_argument("--format", choices=("table", "json"), default="table",
                       help="readable table (default) or machine-readable JSON")
        return p

    take = action("take", "record the plan (or one release) as it is now, under a name")
    take.add_argument("name", metavar="NAME")
    take.add_argument("--release", metavar="R", help="a baseline of this release")
    action("list", "every baseline, oldest first")
    action("delete", "delete a manual baseline").add_argument("name", metavar="NAME")
    slip = command("slip", "what moved since a baseline", "db")
    slip.add_argument("--since", required=True, metavar="BASELINE")
    slip.add_argument("--release", metavar="R", help="only this release")
    sign = command("signoff", "record who approves a release's bundle, with its fingerprint",
                   "db")
    sign.add_argument("--release", required=True, metavar="R")
    sign.add_argument("--by", required=True, metavar="NAME")
    sign.add_argument("--note", default="", metavar="TEXT")
    return {"baseline": cmd_baseline, "slip": cmd_slip, "signoff": cmd_signoff}


def take_due(store, plan, args) -> None:
    """The freeze baselines due (app.baselines.take.take_due): taken by the first command
    that sees a freeze started. Best effort: a read-only file or a login that may not write
    still gets its answer, and the next command that can takes them."""
    from app.baselines.take import take_due as due
    from app.edits.store_port import StaleEdit, StoreError
    from app.model.errors import Refusal

    with contextlib.suppress(StoreError, StaleEdit, Refusal):
        due(store.baselines(), plan, today(args, plan), store.user)


def _open(args):
    store = open_store(args)
    try:
        plan = store.load().plan
        take_due(store, plan, args)
    except BaseException:
        store.close()
        raise
    return store, plan


def cmd_baseline(args) -> int:
    from app.baselines.take import BadBaselineName, take

    store, plan = _open(args)
    try:
        baselines = store.baselines()
        if args.action == "take":
            try:
                found = take(baselines, plan, args.name, store.user, args.release,
                             store.permissions())
            except BadBaselineName as exc:
                raise BadInput(str(exc)) from None
            print(json.dumps(found.to_json(), ensure_ascii=False) if args.format == "json"
                  else f"{found.name}: took a baseline of {len(plan.crs):,} change requests"
                  + (f" (release {found.release})." if found.release else "."))
        elif args.action == "list":
            listed = baselines.list()
            if args.format == "json":
                print(json.dumps([b.to_json() for b in listed], ensure_ascii=False))
            else:
                for b in listed:
                    print(f"{b.name}\t{b.kind}\t{b.release or '-'}\t"
                          f"{b.taken_at.isoformat(timespec='seconds')}\t{b.taken_by}")
                if not listed:
                    print("No baselines yet.")
        else:
            _delete(store, baselines, args.name)
            print(json.dumps({"deleted": args.name}, ensure_ascii=False)
                  if args.format == "json" else f"{args.name}: deleted.")
    finally:
        store.close()
    return EXIT_OK


def _delete(store, baselines, name: str) -> None:
    from app.model.errors import Refusal, RefusalCode
    from app.rules.permissions import Action

    found = baselines.get(name)
    if found is None:
        raise BadInput(f'NAME: there is no baseline named "{name}"')
    if found.kind != "manual":
        raise Refusal(RefusalCode.READ_ONLY, f'"{name}" was taken by itself ({found.kind}); '
                      "only manual baselines may be deleted")
    permissions = store.permissions()
    if not permissions.may(Action.DELETE_BASELINE):
        raise Refusal(RefusalCode.FORBIDDEN, permissions.why_not(Action.DELETE_BASELINE))
    if not baselines.delete(name):
        raise BadInput(f'NAME: there is no baseline named "{name}" any more')


def find_baseline(store, name: str):
    found = store.baselines().get(name)
    if found is None:
        raise BadInput(f'--since: there is no baseline named "{name}" '
                       "(release-planner baseline list shows them)")
    return found


def slip_of(store, plan, name: str, release: str | None) -> dict:
    from app.baselines.slip import slip
    from app.model.errors import Refusal, RefusalCode

    baseline = find_baseline(store, name)
    if release is not None and release not in plan.releases \
            and release not in baseline.content["releases"]:
        raise Refusal(RefusalCode.UNKNOWN_RELEASE, f'there is no release "{release}"')
    return slip(baseline, plan, store.baselines().moves_after(baseline.audit_id), release)


def cmd_slip(args) -> int:
    store, plan = _open(args)
    try:
        found = slip_of(store, plan, args.since, args.release)
    finally:
        store.close()
    if args.format == "json":
        print(json.dumps(found, ensure_ascii=False))
        return EXIT_OK
    print(f"Slip since baseline {found['baseline']} ({found['taken_at']}):")
    for r in found["releases"]:
        gl, fd = r["go_live"], r["freeze_days"]
        print(f"  {r['release']}: go-live {gl['then'] or '-'} -> {gl['now'] or '-'}, "
              f"freeze {fd['then']} -> {fd['now']} days"
              + (f"; {r['note']}" if r["note"] else ""))
        for word in ("entered", "left"):
            if r[word]:
                print(f"    {word}: {', '.join(r[word])}")
        print(f"    ships {len(r['ships']['then'])} then, {len(r['ships']['now'])} now")
    for m in found["moved"]:
        print(f"  {m['cr']}: {m['from'] or 'backlog'} -> {m['to'] or 'backlog'}"
              + (f" by {m['by']} at {m['at']}" if m["by"] else ""))
    if not found["releases"] and not found["moved"]:
        print("  nothing moved.")
    return EXIT_OK


def cmd_signoff(args) -> int:
    from app.baselines.take import BadBaselineName, sign_off

    store, plan = _open(args)
    try:
        try:
            record, previous = sign_off(store.baselines(), plan, args.release, args.by,
                                        args.note, today(args, plan), store.user,
                                        store.permissions())
        except BadBaselineName as exc:
            raise BadInput(str(exc)) from None
    finally:
        store.close()
    same = previous is not None and previous.fingerprint == record.fingerprint
    if args.format == "json":
        print(json.dumps({"release": record.release, "fingerprint": record.fingerprint,
                          "signed_by": record.signed_by, "login": record.login,
                          "signed_at": record.signed_at.isoformat(timespec="seconds"),
                          "note": record.note, "baseline": record.baseline,
                          "same_as_last": same}, ensure_ascii=False))
        return EXIT_OK
    print(f"{record.release}: signed off by {record.signed_by}, fingerprint {record.fingerprint}.")
    if previous is not None:
        when = previous.signed_at.isoformat(timespec="seconds")
        print(f"  the same bundle as signed on {when} by {previous.signed_by}" if same else
              f"  the bundle changed since the sign-off on {when} by {previous.signed_by} "
              f"(fingerprint {previous.fingerprint})")
    return EXIT_OK
