#!/usr/bin/env python3
"""Prints the rules of a SARIF log, one per line: index, id,
shortDescription, tags, and whether helpUri ends in docs/checks/<id>.md."""
import json
import sys

log = json.load(open(sys.argv[1], encoding="utf-8"))
for i, r in enumerate(log["runs"][0]["tool"]["driver"]["rules"]):
    tags = ",".join(r.get("properties", {}).get("tags", []))
    page = r.get("helpUri", "").endswith("/docs/checks/%s.md" % r["id"])
    print("RULE %d %s | %s | %s | page=%s" % (i, r["id"], r["shortDescription"]["text"], tags, page))
