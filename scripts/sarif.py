#!/usr/bin/env python3
"""Convert clang-tidy's diagnostics (the text on its stdout) to SARIF 2.1.0
or to a GitLab Code Quality report.

    scripts/sarif.py [--format sarif|codequality] [--output FILE]
                     [--srcroot DIR] [--exit-code N] [--artifact FILE]
                     [INPUT...]
    scripts/sarif.py --print-docs-base

INPUT is clang-tidy's output (stdin when none is given). Each
`path:line:col: warning|error: message [check]` line starts a result; the
`path:line:col: note: ...` lines after it are its path notes (they become the
result's relatedLocations and its codeFlow, in order, ending at the warning).
Source and caret lines, "N warnings generated.", "Suppressed N warnings" and
other progress lines are ignored, so the input may include stderr and may
have been produced with or without -fno-caret-diagnostics.

Paths under --srcroot (default: the current directory) are written relative
to the uriBaseId SRCROOT; others as absolute file: URIs. Columns are
converted from clang's byte columns to Unicode code points when the source
file can be read (columnKind "unicodeCodePoints").

The sspi-* rules (their order, shortDescription and CWE tag) come from the
check registry checker/checks/SspiChecks.def, their full descriptions from
docs/checks/<check>.md of the same checkout.
helpUri must be an absolute URI (SARIF 3.49.12): it is the repository URL of
the page when one is known (--repo-url, $SSPI_TIDY_REPO_URL, or the sspi-tidy
checkout's git remote "origin"), the file: URI of the page in this checkout
otherwise. The whole page is also embedded as the rule's help.markdown.

Python 3 standard library only; also imported by scripts/run-sspi-tidy.
"""

import argparse
import hashlib
import json
import os
import pathlib
import re
import subprocess
import sys
import urllib.parse

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
ROOT = pathlib.Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "checks"

# The sspi-* checks come from the registry checker/checks/SspiChecks.def
# (one `SSPI_CHECK(Id, "name", Class, Cwe, "Summary.")` line per check), in
# its order; they are always listed in tool.driver.rules, in this order, so
# that ruleIndex is stable.
CHECKS_DEF = ROOT / "checker" / "checks" / "SspiChecks.def"
SSPI_CHECK_RE = re.compile(
    r'^\s*SSPI_CHECK\(\s*(?P<id>\w+)\s*,\s*"(?P<name>[^"]+)"\s*,\s*(?P<cls>\w+)\s*,'
    r'\s*(?P<cwe>\d+)\s*,\s*"(?P<summary>(?:[^"\\]|\\.)*)"\s*\)\s*$')


class RegistryError(Exception):
    """SspiChecks.def is missing or has no SSPI_CHECK line."""


def load_checks(path=CHECKS_DEF):
    """[(name, summary, [cwe tag])] of the SSPI_CHECK lines of path, in order."""
    try:
        text = pathlib.Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise RegistryError("cannot read the check registry %s: %s" % (path, e.strerror or e))
    checks = []
    for line in text.splitlines():
        m = SSPI_CHECK_RE.match(line)
        if m:
            summary = re.sub(r'\\(.)', r'\1', m.group("summary"))
            checks.append((m.group("name"), summary,
                           ["external/cwe/cwe-%s" % m.group("cwe")]))
    if not checks:
        raise RegistryError("no SSPI_CHECK(...) line in %s" % path)
    return checks


def __getattr__(name):
    # sarif.SSPI_RULES, the registry's rules as (name, summary, tags), read
    # when asked for (test/registry compares them with SspiChecks.def).
    if name == "SSPI_RULES":
        return load_checks()
    raise AttributeError("module %r has no attribute %r" % (__name__, name))


# path:line[:col][:{range}...]: kind: message. The path is matched lazily:
# it is everything up to the first ":<digits>[:<digits>]: <kind>: ", so
# colons inside a path (or a drive letter) are kept, and a message that
# quotes another diagnostic does not move the split.
DIAG_RE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+)(?::(?P<col>\d+))?(?::\{[^}]*\})*: "
    r"(?P<kind>warning|error|fatal error|note|remark): (?P<msg>.*?)\s*$")
NOLOC_RE = re.compile(
    r"^(?P<kind>warning|error|fatal error|note|remark): (?P<msg>.*?)\s*$")
# The check name(s) clang-tidy appends: " [sspi-context-leak]",
# " [sspi-context-leak,-warnings-as-errors]", " [clang-diagnostic-error]".
CHECK_RE = re.compile(
    r"^(?P<msg>.*) \[(?P<checks>[A-Za-z][A-Za-z0-9_.\-]*"
    r"(?:,-?[A-Za-z][A-Za-z0-9_.\-]*)*)\]$")
# clang's source snippet lines with line numbers ("   42 | code",
# "      |     ^") and caret/range lines without them ("    ^~~~").
SNIPPET_RE = re.compile(r"^\s*\d*\s*\|")
CARET_RE = re.compile(r"^[ \t~^]*[\^~][ \t~^]*$")
# C:\dir\file.c or C:/dir/file.c (a log from a Windows machine).
WINDOWS_PATH_RE = re.compile(r"^[A-Za-z]:[\\/]")
# Colours (clang-tidy --use-color).
ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class Diagnostic:
    """One result: a warning or error and the notes that follow it."""

    def __init__(self, level, path, line, col, message, rule, notes=None,
                 as_error=False):
        self.level = level  # "warning" | "error" | "note"
        self.path = path  # None for a diagnostic without location
        self.line = line
        self.col = col
        self.message = message
        self.rule = rule
        self.notes = notes if notes is not None else []  # [(path, line, col, msg)]
        self.as_error = as_error  # promoted by --warnings-as-errors

    def key(self):
        return (self.rule, self.level, self.path, self.line, self.col,
                self.message, tuple(self.notes))


def _level(kind):
    if kind in ("error", "fatal error"):
        return "error"
    if kind == "warning":
        return "warning"
    return "note"


def _split_check(msg, kind):
    """Returns (message, rule, promoted) for a warning or error message."""
    m = CHECK_RE.match(msg)
    if not m:
        # clang-tidy names every warning; an unnamed error is a compiler one.
        return msg, ("clang-diagnostic-error" if _level(kind) == "error"
                     else "clang-diagnostic-warning"), False
    checks = m.group("checks").split(",")
    promoted = "-warnings-as-errors" in checks
    names = [c for c in checks if not c.startswith("-")]
    return m.group("msg"), (names[0] if names else "clang-diagnostic-error"), promoted


def _resolve(path, bases):
    """An absolute path for a path clang printed relative to the directory of
    the compile command (with a compilation database) or to the current
    directory: the first base where the file exists, else the first base."""
    if os.path.isabs(path) or WINDOWS_PATH_RE.match(path):
        return path
    for base in bases:
        cand = os.path.normpath(os.path.join(base, path))
        if os.path.exists(cand):
            return cand
    return os.path.normpath(os.path.join(bases[0], path))


def database_directories(build_dir):
    """The distinct "directory" values of BUILD_DIR/compile_commands.json."""
    try:
        with open(os.path.join(build_dir, "compile_commands.json"),
                  encoding="utf-8") as f:
            entries = json.load(f)
    except (OSError, ValueError):
        return []
    dirs = []
    for e in entries:
        d = os.path.join(build_dir, e.get("directory", "."))
        if d not in dirs:
            dirs.append(d)
    return dirs


def parse(text, default_file=None, bases=None):
    """Parses clang-tidy output. Returns (diagnostics, notifications).

    Relative paths are resolved against bases (the compile command's
    directory), then the current directory.
    A warning or error without a location (clang's "error: unknown argument")
    is attached to default_file (line 1) when given, and is otherwise
    returned as a notification: a result without a location is rejected by
    GitHub code scanning.
    """
    bases = list(bases or []) + [os.getcwd()]
    lines = ANSI_RE.sub("", text).splitlines()
    diags, notifications = [], []
    current = None
    for i, line in enumerate(lines):
        if not line.strip() or SNIPPET_RE.match(line) or CARET_RE.match(line):
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        m = DIAG_RE.match(line)
        if m and CARET_RE.match(nxt):
            # A source line printed without line numbers: the next line is
            # its caret line, which never directly follows a diagnostic.
            continue
        if m:
            path = _resolve(m.group("file"), bases)
            lno = int(m.group("line"))
            col = int(m.group("col")) if m.group("col") else None
            kind, msg = m.group("kind"), m.group("msg")
            if kind in ("note", "remark"):
                if current is not None:
                    current.notes.append((path, lno, col, msg))
                continue
            msg, rule, promoted = _split_check(msg, kind)
            current = Diagnostic(_level(kind), path, lno, col, msg, rule,
                                 as_error=promoted)
            diags.append(current)
            continue
        m = NOLOC_RE.match(line)
        if m:
            kind = m.group("kind")
            if kind in ("note", "remark"):
                continue
            msg, rule, promoted = _split_check(m.group("msg"), kind)
            if default_file:
                current = Diagnostic(_level(kind), _resolve(default_file, bases),
                                     1, None, msg, rule, as_error=promoted)
                diags.append(current)
            else:
                notifications.append((_level(kind), rule, msg))
                current = None
            continue
        # "N warnings generated.", "Suppressed ...", "Error while processing",
        # "In file included from ...", fix-it text: not part of a result.
    return diags, notifications


def dedupe(diags):
    seen, out = set(), []
    for d in diags:
        k = d.key()
        if k not in seen:
            seen.add(k)
            out.append(d)
    return out


# -- rules -------------------------------------------------------------------

def _git(*args):
    try:
        return subprocess.run(["git", "-C", str(ROOT)] + list(args),
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                              universal_newlines=True, timeout=10,
                              check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def tool_version():
    return os.environ.get("SSPI_TIDY_VERSION") or _git(
        "describe", "--always", "--dirty", "--tags") or "unknown"


def _web_url(remote):
    """https URL of a git remote on a forge (github.com/owner/repo form)."""
    remote = remote.strip()
    m = re.match(r"^(?:ssh://)?git@([^:/]+)[:/](.+?)(?:\.git)?/?$", remote)
    if m:
        return "https://%s/%s" % (m.group(1), m.group(2))
    m = re.match(r"^https?://(?:[^@/]+@)?(.+?)(?:\.git)?/?$", remote)
    if m:
        return "https://" + m.group(1)
    return ""


def repo_url(explicit=None):
    url = explicit or os.environ.get("SSPI_TIDY_REPO_URL") or \
        _web_url(_git("remote", "get-url", "origin"))
    return url.rstrip("/")


def _first_paragraph(markdown):
    para, started = [], False
    for line in markdown.splitlines():
        if line.startswith("#"):
            if started:
                break
            continue
        if not line.strip():
            if started:
                break
            continue
        started = True
        para.append(line.strip())
    return " ".join(para)


def _camel(check):
    return "".join(p.capitalize() for p in check.split("-"))


def docs_base_uri(base_url, revision):
    """The URI the check pages' names are appended to ("<check>.md"): the
    docs/checks/ folder in the repository at base_url at revision, or the
    file: URI of docs/checks/ in this checkout when there is no base_url."""
    if base_url:
        # GitHub's and Gitea's form; GitLab's has a "/-" before "/blob".
        blob = "/-/blob/" if "gitlab" in urllib.parse.urlsplit(base_url).netloc else "/blob/"
        return "%s%s%s/docs/checks/" % (base_url, blob, revision)
    return DOCS.as_uri() + "/"


def help_uri(check, base_url, revision):
    """helpUri of an sspi-* rule (sspi-clangd's codeDescription is the same,
    made from docs_base_uri at build time)."""
    return docs_base_uri(base_url, revision) + check + ".md"


def make_rules(used, base_url, revision):
    """tool.driver.rules: the sspi-* rules of SspiChecks.def, then any other
    rule a result uses (clang-diagnostic-error, an upstream check), in order
    of first use. Returns (rules, {id: index})."""
    rules = []
    for check, short, tags in load_checks():
        page = DOCS / (check + ".md")
        try:
            markdown = page.read_text(encoding="utf-8")
        except OSError:
            markdown = ""
        full_md = _first_paragraph(markdown) or short
        full = full_md.replace("`", "")
        uri = help_uri(check, base_url, revision)
        rule = {
            "id": check,
            "name": _camel(check),
            "shortDescription": {"text": short},
            "fullDescription": {"text": full, "markdown": full_md},
            "helpUri": uri,
            "help": {"text": "%s See %s" % (full, uri)},
            "defaultConfiguration": {"level": "warning"},
            "properties": {"tags": ["security", "sspi"] + tags},
        }
        if markdown:
            rule["help"]["markdown"] = markdown
        rules.append(rule)
    index = {r["id"]: i for i, r in enumerate(rules)}
    for rid in used:
        if rid in index:
            continue
        index[rid] = len(rules)
        if rid.startswith("clang-diagnostic-"):
            short = ("A compiler error: the file does not compile, so it was not "
                     "analysed." if rid == "clang-diagnostic-error" else
                     "A compiler diagnostic (%s)." % rid[len("clang-diagnostic-"):])
            level = "error" if rid == "clang-diagnostic-error" else "warning"
        else:
            short = "clang-tidy check %s." % rid
            level = "warning"
        rule = {"id": rid, "name": _camel(rid), "shortDescription": {"text": short},
                "defaultConfiguration": {"level": level}}
        if not rid.startswith("clang-diagnostic-"):
            if rid.startswith("clang-analyzer-"):
                group, name = "clang-analyzer", rid[len("clang-analyzer-"):]
            else:
                group, _, name = rid.partition("-")
            rule["helpUri"] = ("https://clang.llvm.org/extra/clang-tidy/checks/"
                               "%s/%s.html" % (group, urllib.parse.quote(name)))
        rules.append(rule)
    return rules, index


# -- locations -----------------------------------------------------------------

class Locator:
    """Turns (path, line, byte column) into SARIF physicalLocations."""

    def __init__(self, srcroot):
        self.srcroot = os.path.realpath(srcroot) if srcroot else None
        self.artifacts = []
        self.artifact_index = {}
        self._lines = {}

    def _source_line(self, path, line):
        if path not in self._lines:
            try:
                with open(path, "rb") as f:
                    self._lines[path] = f.read().split(b"\n")
            except OSError:
                self._lines[path] = None
        data = self._lines[path]
        if data is None or not 1 <= line <= len(data):
            return None
        return data[line - 1]

    def column(self, path, line, col):
        """clang's 1-based byte column to a 1-based code point column."""
        src = self._source_line(path, line)
        if src is None or col is None:
            return col
        return len(src[:col - 1].decode("utf-8", errors="replace")) + 1

    def artifact_location(self, path):
        if WINDOWS_PATH_RE.match(path):
            loc = {"uri": "file:///" + urllib.parse.quote(path.replace("\\", "/"), safe="/:")}
            return self._indexed(loc)
        real = os.path.realpath(path)
        if self.srcroot and (real == self.srcroot or
                             real.startswith(self.srcroot.rstrip(os.sep) + os.sep)):
            rel = os.path.relpath(real, self.srcroot).replace(os.sep, "/")
            loc = {"uri": urllib.parse.quote(rel), "uriBaseId": "SRCROOT"}
        else:
            loc = {"uri": pathlib.Path(os.path.abspath(path)).as_uri()}
        return self._indexed(loc)

    def _indexed(self, loc):
        key = (loc["uri"], loc.get("uriBaseId"))
        if key not in self.artifact_index:
            self.artifact_index[key] = len(self.artifacts)
            self.artifacts.append({"location": dict(loc)})
        loc["index"] = self.artifact_index[key]
        return loc

    def physical(self, path, line, col):
        region = {"startLine": line}
        col = self.column(path, line, col)
        if col is not None:
            region["startColumn"] = col
        return {"artifactLocation": self.artifact_location(path),
                "region": region}

    def relative_path(self, path):
        loc = self.artifact_location(path)
        return urllib.parse.unquote(loc["uri"]) if "uriBaseId" in loc else path


# The well-known threadFlowLocation kinds (SARIF 3.38.8) for the notes the
# sspi checks write; notes they do not recognise get no kinds.
KIND_RULES = [
    (re.compile(r"^assuming .* is true$"), ["branch", "true"]),
    (re.compile(r"^assuming .* is false$"), ["branch", "false"]),
    (re.compile(r"\b(acquired|created|allocated)\b.* here\b|starts impersonating"),
     ["acquire", "resource"]),
    (re.compile(r"\b(deleted|freed|released) (only )?here\b"),
     ["release", "resource"]),
]


def _kinds(message):
    for regex, kinds in KIND_RULES:
        if regex.search(message):
            return kinds
    return None


def _is_path_note(message):
    # Macro expansion notes place the warning; they are not steps of the path.
    return not message.startswith("expanded from macro")


def to_sarif(diags, notifications=(), srcroot=None, invocations=None,
             repo=None):
    """The SARIF log (a dict) for the parsed diagnostics.

    invocations: a list of {"exitCode": int, "commandLine": str (optional),
    "notifications": [(level, rule, message)]}; the notifications given here
    are added to the first one."""
    diags = dedupe(diags)
    base_url = repo_url(repo)
    revision = _git("rev-parse", "HEAD") or "main"
    rules, rule_index = make_rules([d.rule for d in diags], base_url, revision)
    loc = Locator(srcroot if srcroot is not None else os.getcwd())
    results = []
    for d in diags:
        res = {
            "ruleId": d.rule,
            "ruleIndex": rule_index[d.rule],
            "level": d.level,
            "message": {"text": d.message},
        }
        if d.as_error:
            res["properties"] = {"warningsAsErrors": True}
        if d.path is not None:
            res["locations"] = [{"physicalLocation": loc.physical(d.path, d.line, d.col)}]
        related, flow = [], []
        for n, (npath, nline, ncol, nmsg) in enumerate(d.notes, start=1):
            phys = loc.physical(npath, nline, ncol)
            related.append({"id": n, "physicalLocation": phys,
                            "message": {"text": nmsg}})
            if _is_path_note(nmsg):
                step = {"location": {"physicalLocation": phys,
                                     "message": {"text": nmsg}},
                        "nestingLevel": 0}
                kinds = _kinds(nmsg)
                if kinds:
                    step["kinds"] = kinds
                flow.append(step)
        if related:
            res["relatedLocations"] = related
        if flow and d.path is not None and not d.rule.startswith("clang-diagnostic-"):
            flow.append({"location": {
                "physicalLocation": loc.physical(d.path, d.line, d.col),
                "message": {"text": d.message}},
                "nestingLevel": 0, "kinds": ["danger"]})
            for k, step in enumerate(flow, start=1):
                step["executionOrder"] = k
            res["codeFlows"] = [{
                "message": {"text": "path to the finding (%d steps)" % len(flow)},
                "threadFlows": [{"locations": flow}]}]
        results.append(res)

    if not invocations:
        invocations = [{}]
    # A file with compiler errors was not analysed.
    compiled = not any(d.level == "error" and d.rule.startswith("clang-diagnostic-")
                       for d in diags)
    sarif_invocations = []
    for k, inv in enumerate(invocations):
        notes = list(inv.get("notifications", ()))
        if k == 0:
            notes += list(notifications)
        ok = inv.get("executionSuccessful")
        if ok is None:
            ok = compiled and not any(level == "error" for level, _, _ in notes)
        out = {"executionSuccessful": bool(ok)}
        if inv.get("exitCode") is not None:
            out["exitCode"] = inv["exitCode"]
        if inv.get("commandLine"):
            out["commandLine"] = inv["commandLine"]
        if notes:
            out["toolExecutionNotifications"] = [
                {"level": level, "message": {"text": msg},
                 "descriptor": {"id": rule}} for level, rule, msg in notes]
        sarif_invocations.append(out)

    run = {
        "tool": {"driver": {
            "name": "sspi-tidy",
            "fullName": "sspi-tidy (clang-tidy checks for Windows SSPI handles)",
            "informationUri": base_url or (ROOT / "README.md").as_uri(),
            "version": tool_version(),
            "rules": rules,
        }},
        "invocations": sarif_invocations,
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {"SRCROOT": {
            "uri": pathlib.Path(loc.srcroot).as_uri().rstrip("/") + "/"}},
        "artifacts": loc.artifacts,
        "results": results,
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def to_codequality(diags, srcroot=None):
    """GitLab Code Quality (a subset of the Code Climate spec): one issue per
    result with a location."""
    loc = Locator(srcroot if srcroot is not None else os.getcwd())
    issues, seen = [], {}
    for d in dedupe(diags):
        if d.path is None:
            continue
        path = loc.relative_path(d.path)
        # Not the line (a finding keeps its fingerprint when code above it
        # moves), but the rank among equal messages of the file (two leaks
        # of 'ctx' in one file are two issues).
        key = (d.rule, path, d.message)
        seen[key] = seen.get(key, 0) + 1
        fp = hashlib.md5("\0".join(
            [d.rule, path, d.message, str(seen[key])]).encode("utf-8")).hexdigest()
        issues.append({
            "type": "issue",
            "check_name": d.rule,
            "description": "%s [%s]" % (d.message, d.rule),
            "categories": ["Bug Risk", "Security"],
            "severity": "critical" if d.level == "error" else "major",
            "fingerprint": fp,
            "location": {"path": path, "lines": {"begin": d.line}},
        })
    return issues


def _fail(msg):
    print("sarif.py: " + msg, file=sys.stderr)
    return 2


def write_report(data, dest):
    """Writes data to the file dest; raises OSError with the path in it."""
    with open(dest, "w", encoding="utf-8") as f:
        f.write(data)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Convert clang-tidy output to SARIF 2.1.0 or GitLab Code Quality JSON.")
    ap.add_argument("inputs", nargs="*", help="clang-tidy output files (default: stdin)")
    ap.add_argument("--format", choices=["sarif", "codequality"], default="sarif")
    ap.add_argument("--output", "-o", help="write here instead of stdout")
    ap.add_argument("--srcroot", help="SRCROOT for relative URIs (default: current directory)")
    ap.add_argument("--exit-code", type=int, help="clang-tidy's exit status, recorded in the log")
    ap.add_argument("--artifact", help="the file a diagnostic without location belongs to")
    ap.add_argument("--compile-db", metavar="DIR",
                    help="resolve relative paths against the directories of "
                         "DIR/compile_commands.json (clang-tidy -p DIR prints them so)")
    ap.add_argument("--repo-url", help="repository URL for helpUri/informationUri")
    ap.add_argument("--command-line", help="the command that produced the input")
    ap.add_argument("--print-docs-base", action="store_true",
                    help="print the URI the sspi-* rules' helpUri is made of "
                         "(helpUri = it + CHECK.md) and exit")
    args = ap.parse_args(argv)

    if args.print_docs_base:
        print(docs_base_uri(repo_url(args.repo_url), _git("rev-parse", "HEAD") or "main"))
        return 0
    if args.inputs:
        text = ""
        for name in args.inputs:
            try:
                with open(name, encoding="utf-8", errors="replace") as f:
                    text += f.read() + "\n"
            except OSError as e:
                return _fail("cannot read %s: %s" % (name, e.strerror or e))
    else:
        text = sys.stdin.buffer.read().decode("utf-8", errors="replace")
    bases = database_directories(args.compile_db) if args.compile_db else []
    diags, notifications = parse(text, default_file=args.artifact, bases=bases)
    try:
        if args.format == "codequality":
            doc = to_codequality(diags, args.srcroot)
        else:
            inv = {"exitCode": args.exit_code, "commandLine": args.command_line}
            doc = to_sarif(diags, notifications, args.srcroot, [inv], args.repo_url)
    except RegistryError as e:
        return _fail(str(e))
    data = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    if args.output and args.output != "-":
        try:
            write_report(data, args.output)
        except OSError as e:
            return _fail("cannot write %s: %s" % (args.output, e.strerror or e))
        count = len(doc) if args.format == "codequality" else len(doc["runs"][0]["results"])
        print("sspi-tidy: %d %s written to %s" % (
            count, "issues" if args.format == "codequality" else "SARIF results",
            args.output), file=sys.stderr)
    else:
        sys.stdout.write(data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
