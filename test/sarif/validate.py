#!/usr/bin/env python3
"""Validates a SARIF log against the official SARIF 2.1.0 JSON schema and
the SARIF rules the schema cannot express, then prints a one-line-per-item
summary for FileCheck.

    validate.py [--schema sarif-schema-2.1.0.json] [--summary] LOG|-

Needs the jsonschema module (Debian's python3-jsonschema). The validator
class is the one the schema's $schema names (draft-04 for the OASIS
schema). Formats "uri" and "uri-reference" are checked here, since
jsonschema checks them only when an optional URI package is installed.
Without --schema only the checks beyond the schema are made (for tests that
must run where the schema could not be downloaded). Exit status 0 when
valid, 1 with one line per problem otherwise.
"""

import argparse
import json
import re
import sys

try:
    import jsonschema
except ImportError:  # only needed with --schema
    jsonschema = None

SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


def is_uri_reference(value):
    return isinstance(value, str) and bool(URI_CHARS.match(value))


def is_uri(value):
    return is_uri_reference(value) and bool(SCHEME.match(value))


def format_checker():
    fc = jsonschema.FormatChecker()
    fc.checks("uri")(is_uri)
    fc.checks("uri-reference")(is_uri_reference)
    return fc


def loc_text(phys):
    art = phys.get("artifactLocation", {})
    uri = art.get("uri", "?")
    if "uriBaseId" in art:
        uri = "%" + art["uriBaseId"] + "%/" + uri
    reg = phys.get("region", {})
    return "%s:%s:%s" % (uri, reg.get("startLine", "-"), reg.get("startColumn", "-"))


def semantic_checks(log):
    """SARIF rules beyond the schema, and GitHub code scanning's needs."""
    errs = []
    if log.get("version") != "2.1.0":
        errs.append("version is not 2.1.0")
    for r_i, run in enumerate(log.get("runs", [])):
        where = "runs[%d]" % r_i
        rules = run.get("tool", {}).get("driver", {}).get("rules", [])
        ids = [r.get("id") for r in rules]
        if len(set(ids)) != len(ids):
            errs.append(where + ": duplicate rule ids")
        for rule in rules:
            if "helpUri" in rule and not is_uri(rule["helpUri"]):
                errs.append(where + ": helpUri of %s is not absolute" % rule["id"])
        bases = run.get("originalUriBaseIds", {})
        for name, base in bases.items():
            uri = base.get("uri", "")
            if not is_uri(uri) or not uri.endswith("/"):
                errs.append(where + ": originalUriBaseIds.%s must be absolute and end in /" % name)
        if run.get("columnKind") not in ("utf16CodeUnits", "unicodeCodePoints"):
            errs.append(where + ": columnKind is not stated")
        artifacts = run.get("artifacts", [])

        def check_art(art, ctx):
            uri = art.get("uri")
            if uri is None:
                errs.append(ctx + ": artifactLocation without uri")
                return
            if "uriBaseId" in art:
                if art["uriBaseId"] not in bases:
                    errs.append(ctx + ": uriBaseId %s is not defined" % art["uriBaseId"])
                if is_uri(uri):
                    errs.append(ctx + ": uri with uriBaseId must be relative")
            elif not is_uri(uri):
                errs.append(ctx + ": uri without uriBaseId must be absolute")
            if "index" in art:
                i = art["index"]
                if not 0 <= i < len(artifacts):
                    errs.append(ctx + ": artifact index out of range")
                else:
                    a = artifacts[i]["location"]
                    if a.get("uri") != uri or a.get("uriBaseId") != art.get("uriBaseId"):
                        errs.append(ctx + ": artifact index names another artifact")

        def check_phys(phys, ctx):
            if "artifactLocation" not in phys:
                errs.append(ctx + ": physicalLocation without artifactLocation")
                return
            check_art(phys["artifactLocation"], ctx)
            reg = phys.get("region")
            if reg is None or reg.get("startLine", 0) < 1:
                errs.append(ctx + ": region without startLine")

        for a_i, art in enumerate(artifacts):
            check_art(art.get("location", {}), where + ".artifacts[%d]" % a_i)
        for i, res in enumerate(run.get("results", [])):
            ctx = where + ".results[%d]" % i
            ri = res.get("ruleIndex")
            if ri is not None and (not 0 <= ri < len(rules) or rules[ri]["id"] != res.get("ruleId")):
                errs.append(ctx + ": ruleIndex does not name ruleId")
            if res.get("ruleId") not in ids:
                errs.append(ctx + ": ruleId %s is not in driver.rules" % res.get("ruleId"))
            locs = res.get("locations", [])
            if not locs:
                errs.append(ctx + ": no location (GitHub rejects the whole log)")
            for loc in locs:
                check_phys(loc.get("physicalLocation", {}), ctx)
            rel_ids = [r.get("id") for r in res.get("relatedLocations", [])]
            if len(set(rel_ids)) != len(rel_ids) or None in rel_ids:
                errs.append(ctx + ": relatedLocations ids missing or not unique")
            for rel in res.get("relatedLocations", []):
                check_phys(rel.get("physicalLocation", {}), ctx + ".relatedLocations")
            for cf in res.get("codeFlows", []):
                for tf in cf.get("threadFlows", []):
                    orders = [l.get("executionOrder") for l in tf.get("locations", [])]
                    if orders != sorted(orders) or len(set(orders)) != len(orders):
                        errs.append(ctx + ": threadFlow executionOrder not increasing")
                    for l in tf.get("locations", []):
                        check_phys(l.get("location", {}).get("physicalLocation", {}),
                                   ctx + ".codeFlows")
    return errs


def summary(log):
    out = []
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        out.append("TOOL %s version=%s informationUri=%s columnKind=%s" % (
            driver["name"], driver.get("version"), driver.get("informationUri"),
            run.get("columnKind")))
        for name, base in sorted(run.get("originalUriBaseIds", {}).items()):
            out.append("BASE %s %s" % (name, base.get("uri")))
        for i, rule in enumerate(driver.get("rules", [])):
            out.append("RULE %d %s level=%s helpUri=%s" % (
                i, rule["id"], rule.get("defaultConfiguration", {}).get("level"),
                rule.get("helpUri", "-")))
        for inv in run.get("invocations", []):
            out.append("INVOCATION executionSuccessful=%s exitCode=%s" % (
                str(inv["executionSuccessful"]).lower(), inv.get("exitCode", "-")))
            for n in inv.get("toolExecutionNotifications", []):
                out.append("NOTIFICATION %s %s %s" % (
                    n.get("level", "warning"), n.get("descriptor", {}).get("id", "-"),
                    n["message"]["text"]))
        results = run.get("results", [])
        for res in results:
            flows = [tf for cf in res.get("codeFlows", []) for tf in cf["threadFlows"]]
            nflow = sum(len(tf["locations"]) for tf in flows)
            out.append("RESULT %s %s %s related=%d flow=%d: %s" % (
                res.get("ruleId"), res.get("level", "warning"),
                loc_text(res["locations"][0]["physicalLocation"]) if res.get("locations") else "-",
                len(res.get("relatedLocations", [])), nflow, res["message"]["text"]))
            for rel in res.get("relatedLocations", []):
                out.append("  RELATED %d %s: %s" % (
                    rel["id"], loc_text(rel["physicalLocation"]),
                    rel.get("message", {}).get("text", "")))
            for tf in flows:
                for step in tf["locations"]:
                    out.append("  FLOW %d %s [%s]: %s" % (
                        step.get("executionOrder", -1),
                        loc_text(step["location"]["physicalLocation"]),
                        ",".join(step.get("kinds", [])),
                        step["location"].get("message", {}).get("text", "")))
        out.append("RESULTS %d" % len(results))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("log")
    ap.add_argument("--schema")
    ap.add_argument("--summary", action="store_true")
    args = ap.parse_args()
    if args.log == "-":
        text = sys.stdin.read()
    else:
        with open(args.log, encoding="utf-8") as f:
            text = f.read()
    try:
        log = json.loads(text)
    except ValueError as e:
        print("INVALID: not JSON: %s" % e)
        return 1
    errors, how = [], "checks beyond the schema only"
    if args.schema:
        with open(args.schema, encoding="utf-8") as f:
            schema = json.load(f)
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
        validator = cls(schema, format_checker=format_checker())
        errors = ["%s: %s" % ("/".join(str(p) for p in e.absolute_path) or "(root)", e.message)
                  for e in validator.iter_errors(log)]
        how = "schema: " + cls.__name__
    if not errors:
        errors = semantic_checks(log)
    if errors:
        for e in errors:
            print("INVALID: " + e)
        return 1
    if args.summary:
        print("\n".join(summary(log)))
    print("VALID SARIF %s (%s)" % (log["version"], how))
    return 0


if __name__ == "__main__":
    sys.exit(main())
