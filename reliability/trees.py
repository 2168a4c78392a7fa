#!/usr/bin/env python3
"""Runs sspi-tidy over every C/C++ source file of external trees (curl,
FreeRDP, any other), one process per file with a timeout, in parallel, and
writes a report: files analysed, files that do not compile with the flags
used, crashes (signals, LLVM's stack dump), sanitizer reports, hangs
(timeouts), findings per check, and every sspi-* finding with its location.

  trees.py --bin build-asan/sspi-tidy-bin --sanitized --out DIR \\
           [--curl DIR] [--freerdp DIR] [--tree DIR ...] [-j 2] [--timeout 60]

What a tree needs to parse as Windows code (curl's curl_config.h, FreeRDP's
generated config headers, mingw-w64 header names in another case, OpenSSL
headers for the mingw target) is generated into OUT/scratch: nothing outside
OUT is written. Files that still do not compile are run anyway (clang-tidy
must not crash on them); the sspi-* checks do not analyse a translation unit
with compiler errors, so they count as parse failures, not as analysed.

Exit status 0 when no file crashed, hung or made a sanitizer report.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import rtools  # noqa: E402

class Tree:
    def __init__(self, name, root, flags_for):
        self.name, self.root, self.flags_for = name, os.path.abspath(root), flags_for


def setup_trees(a, scratch):
    """Flags per file (rtools.TreeSetup). Directories of the tree itself are
    -I only where the project's build has them, -iquote otherwise: a -I of a
    source directory shadows system headers of the same name (winpr's own
    sspi.h for <sspi.h>, curl's vtls/schannel.h for <schannel.h>). A file's
    own directory is searched for "..." includes anyway."""
    trees = []
    roots = [x for x in [a.curl, a.freerdp] + (a.tree or []) if x]
    setup = rtools.TreeSetup(roots, scratch)
    if a.curl:
        trees.append(Tree("curl", a.curl, setup.curl(a.curl)))
    if a.freerdp:
        trees.append(Tree("freerdp", a.freerdp, setup.freerdp(a.freerdp)))
    for t in a.tree or []:
        root = os.path.abspath(t)
        trees.append(Tree(os.path.basename(root.rstrip("/")), t, setup.generic(root)))
    return trees, setup.case_links


def analyse(a, env, tree, f):
    flags = tree.flags_for(f)
    cmd = rtools.tidy_cmd(a.bin, [f], flags, a.resource_dir)
    r = rtools.run(cmd, timeout=a.timeout, env=env, cwd=os.path.dirname(f))
    rec = {"tree": tree.name, "file": os.path.relpath(f, tree.root), "seconds": round(r.seconds, 2),
           "kind": r.kind, "rc": r.rc}
    st = rtools.Stats(r.err)
    rec["functions"], rec["skipped"] = st.total("analysed"), st.total("skipped")
    rec["skipped_functions"] = [(fn["name"], fn["skipped"]) for fn in st.functions if fn["skipped"]]
    rec["slowest_function"] = max(((fn["ms"], fn["name"]) for fn in st.functions), default=None)
    errs = [l for l in r.out.splitlines() if rtools.uncompilable(l)]
    rec["errors"] = len(errs)
    rec["first_error"] = errs[0] if errs else ""
    if rec["kind"] == "ok" and errs:
        rec["kind"] = "parse-failure"
    rec["warnings"] = [w for w in rtools.warnings(r.out) if w[4].startswith("sspi-")]
    if r.kind in ("crash", "sanitizer", "hang"):
        d = os.path.join(a.out, "crashes", "%s-%s-%s" % (
            r.kind, tree.name, rec["file"].replace(os.sep, "_")))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, "command.sh"), "w") as fh:
            fh.write("#!/bin/sh\ncd '%s'\n" % os.path.dirname(f))
            if a.sanitized:
                fh.write("export ASAN_OPTIONS='%s' UBSAN_OPTIONS='%s'\n"
                         % (env["ASAN_OPTIONS"], env["UBSAN_OPTIONS"]))
            fh.write(" ".join("'%s'" % c for c in cmd) + "\n")
        with open(os.path.join(d, "output.txt"), "w") as fh:
            fh.write("exit status %s, %.1f s%s\n--- stdout\n%s\n--- stderr\n%s\n" % (
                r.rc, r.seconds, " (timed out)" if r.timed_out else "", r.out, r.err))
        rec["crash_dir"] = d
        rec["signature"] = r.signature()
    return rec


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--sanitized", action="store_true")
    ap.add_argument("--resource-dir", default=rtools.RESOURCE_DIR_DEFAULT)
    ap.add_argument("--curl")
    ap.add_argument("--freerdp")
    ap.add_argument("--tree", action="append")
    ap.add_argument("--out", required=True)
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=60)
    ap.add_argument("--limit", type=int, default=0, help="at most N files per tree (testing)")
    ap.add_argument("--grep", help="only the files whose text matches this regular expression")
    a = ap.parse_args()
    a.bin = os.path.abspath(a.bin)
    a.out = os.path.abspath(a.out)
    os.makedirs(a.out, exist_ok=True)
    scratch = os.path.join(a.out, "scratch")
    os.makedirs(scratch, exist_ok=True)
    trees, nfix = setup_trees(a, scratch)
    if not trees:
        ap.error("no tree given (--curl, --freerdp, --tree)")
    env = rtools.sanitizer_env() if a.sanitized else dict(os.environ)
    env["SSPI_TIDY_STATS"] = "1"
    jobs = []
    for t in trees:
        fs = rtools.source_files(t.root)
        if a.grep:
            rx = re.compile(a.grep)
            fs = [f for f in fs if rx.search(open(f, errors="replace").read())]
        if a.limit:
            fs = fs[:a.limit]
        jobs += [(t, f) for f in fs]
    t0 = time.monotonic()
    recs = []
    jl = open(os.path.join(a.out, "files.jsonl"), "w")
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as ex:
        futs = [ex.submit(analyse, a, env, t, f) for t, f in jobs]
        for i, fu in enumerate(futs):
            rec = fu.result()
            recs.append(rec)
            jl.write(json.dumps(rec) + "\n")
            jl.flush()
            if rec["kind"] in ("crash", "sanitizer", "hang"):
                print("trees: %s in %s/%s: %s -> %s" % (rec["kind"], rec["tree"], rec["file"],
                                                       rec["signature"], rec["crash_dir"]),
                      file=sys.stderr, flush=True)
            if (i + 1) % 100 == 0:
                print("trees: %d/%d files, %.0f s" % (i + 1, len(jobs), time.monotonic() - t0),
                      file=sys.stderr, flush=True)
    jl.close()
    secs = time.monotonic() - t0
    summary = write_report(a, trees, recs, secs, nfix)
    print(summary)
    bad = sum(1 for r in recs if r["kind"] in ("crash", "sanitizer", "hang"))
    return 0 if bad == 0 else 1


def write_report(a, trees, recs, secs, nfix):
    by_tree = collections.OrderedDict((t.name, [r for r in recs if r["tree"] == t.name])
                                      for t in trees)
    lines = ["# sspi-tidy over external trees", "",
             "binary: %s%s" % (a.bin, " (ASan+UBSan)" if a.sanitized else ""),
             "files: %s" % ("those matching /%s/" % a.grep if a.grep else "every %s file" %
                            "/".join(rtools.SOURCE_EXT)),
             "timeout per file: %g s, %d jobs, %.0f s in all" % (a.timeout, a.jobs, secs),
             "mingw-w64 header names fixed up (case): %d" % nfix, ""]
    totals = collections.Counter()
    checks = collections.Counter()
    for name, rs in by_tree.items():
        kinds = collections.Counter(r["kind"] for r in rs)
        c = collections.Counter(w[4] for r in rs for w in r["warnings"])
        checks.update(c)
        fn = sum(r["functions"] for r in rs)
        sk = sum(r["skipped"] for r in rs)
        totals.update(kinds)
        totals["files"] += len(rs)
        totals["functions"] += fn
        totals["skipped"] += sk
        cpu = sum(r["seconds"] for r in rs)
        lines.append("## %s: %d files" % (name, len(rs)))
        lines.append("")
        lines.append("- compiled and analysed: %d; do not compile with these flags (parse "
                     "failures): %d" % (kinds["ok"], kinds["parse-failure"]))
        lines.append("- crashes: %d, sanitizer reports: %d, hangs (> %g s): %d" % (
            kinds["crash"], kinds["sanitizer"], a.timeout, kinds["hang"]))
        lines.append("- functions analysed by the engine: %d, skipped by budget: %d" % (fn, sk))
        lines.append("- findings: %d (%s)" % (sum(c.values()), ", ".join(
            "%s %d" % kv for kv in sorted(c.items())) or "none"))
        slow = sorted(rs, key=lambda r: -r["seconds"])[:5]
        lines.append("- time: %.0f s of runs; slowest files: %s" % (cpu, ", ".join(
            "%s %.1f s" % (r["file"], r["seconds"]) for r in slow)))
        sf = [(r["slowest_function"][0], r["file"], r["slowest_function"][1]) for r in rs
              if r["slowest_function"]]
        if sf:
            ms, f, fname = max(sf)
            lines.append("- slowest analysed function: %s in %s, %.0f ms" % (fname, f, ms))
        skipped = [(r["file"], n, why) for r in rs for n, why in r["skipped_functions"]]
        if skipped:
            lines.append("- functions skipped by budget:")
            for f, n, why in skipped:
                lines.append("  - %s: %s (%s)" % (f, n, why))
        lines.append("")
        bad = [r for r in rs if r["kind"] in ("crash", "sanitizer", "hang")]
        if bad:
            lines.append("### crashes, sanitizer reports, hangs")
            lines.append("")
            for r in bad:
                lines.append("- %s %s: %s (%s)" % (r["kind"], r["file"], r["signature"],
                                                  r["crash_dir"]))
            lines.append("")
        warns = sorted({(r["file"], tuple(w)) for r in rs for w in r["warnings"]})
        lines.append("### sspi-* findings (%d)" % len(warns))
        lines.append("")
        for f, w in sorted(warns, key=lambda x: (x[0], x[1][1], x[1][2])):
            # w[0] is the path clang printed: relative to the file's directory
            # for the file itself, so print the file's tree path instead.
            path = w[0]
            if not os.path.isabs(path):
                path = os.path.normpath(os.path.join(os.path.dirname(f), path))
            else:
                path = os.path.relpath(path, [t.root for t in trees if t.name == name][0])
            lines.append("- %s:%d:%d: %s [%s]" % (path, w[1], w[2], w[3], w[4]))
        lines.append("")
        pf = [r for r in rs if r["kind"] == "parse-failure"]
        if pf:
            lines.append("<details><summary>parse failures (%d): first error of each</summary>"
                         % len(pf))
            lines.append("")
            for r in pf:
                lines.append("- %s: %s" % (r["file"], r["first_error"].split(": error: ", 1)[-1]))
            lines.append("")
            lines.append("</details>")
            lines.append("")
    summary = ("trees: %d files, %d analysed, %d parse failures, %d crashes, %d sanitizer reports, "
               "%d hangs; %d functions analysed, %d skipped by budget; findings: %s; %.0f s" % (
                   totals["files"], totals["ok"], totals["parse-failure"], totals["crash"],
                   totals["sanitizer"], totals["hang"], totals["functions"], totals["skipped"],
                   ", ".join("%s %d" % kv for kv in sorted(checks.items())) or "none", secs))
    lines[6:6] = [summary, ""]
    with open(os.path.join(a.out, "report.md"), "w") as fh:
        fh.write("\n".join(lines) + "\n")
    return summary


if __name__ == "__main__":
    sys.exit(main())
