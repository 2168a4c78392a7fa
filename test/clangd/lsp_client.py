#!/usr/bin/env python3
"""A minimal LSP client that runs sspi-clangd on C files and prints what it
publishes (used by test/clangd/lsp.test; standard library only).

    lsp_client.py [options] CLANGD FILE... [-- CLANGD-ARGS...]

It creates a temporary project directory, writes a `.clangd` (and, with
--config=clang-tidy, a `.clang-tidy`) there, copies each FILE into it, starts
CLANGD in it with CLANGD-ARGS (for example --log=error), and speaks LSP over
stdin/stdout: initialize, initialized, didOpen for every file, then it waits
for the textDocument/publishDiagnostics of each file (notifications for other
URIs, such as the `.clangd` file itself, are skipped), and ends with
shutdown/exit.

Each diagnostic is printed as one line

    FILE:LINE:COL-ENDLINE:ENDCOL: CODE: MESSAGE

with LSP's 0-based positions printed 1-based, as a compiler prints them (the
columns are LSP's UTF-16 units, equal to clang's byte columns for ASCII
files; the end is LSP's, one past the last character). CODE is `-` when the
diagnostic has none (clangd's separate diagnostics for notes). MESSAGE is the first line of the message; further lines of the
message (clangd appends the notes there when the client does not support
relatedInformation) follow as lines starting with `  | `, and each
relatedInformation entry as a line

      related: FILE:LINE:COL-ENDLINE:ENDCOL: MESSAGE

With --details the other fields follow as `  severity: ...`, `  source: ...`,
`  codeDescription: ...` and `  fields: ...` (the sorted keys of the
diagnostic). A file whose diagnostics list is empty prints
`FILE: no diagnostics`. The files are printed in command-line order.

Exit status: 0 when every file got its diagnostics, 1 when one did not come
within --timeout seconds or clangd died, 2 when the whole run exceeded
--hard-timeout (clangd is killed; the client can never hang).
"""
import argparse
import json
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request


def uri_of(path):
    return urllib.parse.urljoin("file:", urllib.request.pathname2url(os.path.abspath(path)))


def path_of(uri):
    return urllib.request.url2pathname(urllib.parse.urlparse(uri).path)


class Clangd:
    """clangd over JSON-RPC with Content-Length framing."""

    def __init__(self, argv, cwd, env):
        self.proc = subprocess.Popen(argv, cwd=cwd, env=env, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.messages = queue.Queue()
        self.stderr = []
        self.next_id = 1
        self.eof = False
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read_stdout(self):
        out = self.proc.stdout
        try:
            while True:
                length = None
                while True:
                    line = out.readline()
                    if not line:
                        return
                    line = line.strip()
                    if not line:
                        break
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value.strip())
                if length is None:
                    continue
                body = out.read(length)
                if len(body) < length:
                    return
                self.messages.put(json.loads(body.decode("utf-8")))
        finally:
            self.messages.put(None)  # end of stream

    def _read_stderr(self):
        for line in self.proc.stderr:
            self.stderr.append(line.decode("utf-8", "replace"))

    def send(self, message):
        message["jsonrpc"] = "2.0"
        body = json.dumps(message).encode("utf-8")
        try:
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self.proc.stdin.flush()
        except (BrokenPipeError, OSError):
            pass

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"id": rid, "method": method, "params": params})
        return rid

    def receive(self, deadline):
        """The next message, or None at the end of the stream or the deadline."""
        if self.eof:
            return None
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        try:
            message = self.messages.get(timeout=remaining)
        except queue.Empty:
            return None
        if message is None:
            self.eof = True
        return message

    def answer_server_request(self, message):
        # clangd may ask the client things (workDoneProgress/create, ...):
        # answer with null so it never waits for us.
        if "id" in message and "method" in message:
            self.send({"id": message["id"], "result": None})
            return True
        return False

    def wait_response(self, rid, deadline):
        while True:
            message = self.receive(deadline)
            if message is None:
                return None
            if self.answer_server_request(message):
                continue
            if message.get("id") == rid and "method" not in message:
                return message


def position(rng):
    s, e = rng["start"], rng["end"]
    return "%d:%d-%d:%d" % (s["line"] + 1, s["character"] + 1, e["line"] + 1, e["character"] + 1)


def display_name(uri, project):
    path = path_of(uri)
    try:
        rel = os.path.relpath(path, project)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def print_diagnostic(name, diag, project, details):
    code = diag.get("code", "-")
    lines = diag.get("message", "").split("\n")
    print("%s:%s: %s: %s" % (name, position(diag["range"]), code, lines[0]))
    for extra in lines[1:]:
        if extra.strip():
            print("  | " + extra)
    for rel in diag.get("relatedInformation", []):
        loc = rel["location"]
        print("  related: %s:%s: %s" % (display_name(loc["uri"], project),
                                         position(loc["range"]), rel["message"]))
    if details:
        print("  severity: %s" % diag.get("severity"))
        print("  source: %s" % diag.get("source"))
        if "codeDescription" in diag:
            print("  codeDescription: %s" % diag["codeDescription"].get("href"))
        print("  fields: %s" % ",".join(sorted(diag)))


def write_config(project, args, sources):
    win = ["--target=x86_64-w64-mingw32", "-isystem", args.mingw_include]
    flags = list(win) if args.flags_in == "clangd" else []
    if args.resource_dir:
        flags.append("-resource-dir=" + args.resource_dir)
    clangd = ["CompileFlags:", "  Add: [%s]" % ", ".join(flags)] if flags else []
    if args.flags_in == "cdb":
        # A compilation database with the Windows flags, as CMake writes one.
        with open(os.path.join(project, "compile_commands.json"), "w") as f:
            json.dump([{"directory": project, "file": name,
                        "arguments": ["clang-19"] + win + ["-c", name]}
                       for name in sources], f, indent=1)
    tidy = []
    if args.config in ("clangd", "both"):
        tidy.append("    Add: [%s]" % ", ".join(args.tidy_add.split(",")))
    if args.fast_check_filter != "omit":
        tidy.append("    FastCheckFilter: %s" % args.fast_check_filter)
    if tidy:
        clangd += ["Diagnostics:", "  ClangTidy:"] + tidy
    if clangd:
        with open(os.path.join(project, ".clangd"), "w") as f:
            f.write("\n".join(clangd) + "\n")
    if args.config in ("clang-tidy", "both"):
        with open(os.path.join(project, ".clang-tidy"), "w") as f:
            f.write("Checks: '-*,sspi-*'\n")


def main():
    argv = sys.argv[1:]
    clangd_args = []
    if "--" in argv:
        cut = argv.index("--")
        argv, clangd_args = argv[:cut], argv[cut + 1:]
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("clangd", help="the sspi-clangd binary")
    p.add_argument("files", nargs="+", help="C/C++ files to open")
    p.add_argument("--resource-dir", default="",
                   help="clang's resource directory, added to .clangd as -resource-dir=")
    p.add_argument("--mingw-include", default="/usr/share/mingw-w64/include")
    p.add_argument("--config", choices=["clangd", "clang-tidy", "both"], default="clangd",
                   help="enable sspi-* in .clangd (Diagnostics.ClangTidy.Add), in "
                   ".clang-tidy (Checks), or both")
    p.add_argument("--tidy-add", default="sspi-*",
                   help="the checks .clangd enables (Diagnostics.ClangTidy.Add), "
                   "comma-separated (default: sspi-*)")
    p.add_argument("--flags-in", choices=["clangd", "cdb"], default="clangd",
                   help="where the Windows flags go: .clangd CompileFlags.Add, or a "
                   "compile_commands.json (the resource dir stays in .clangd)")
    p.add_argument("--fast-check-filter", default="None",
                   help="value of Diagnostics.ClangTidy.FastCheckFilter in .clangd, "
                   "or 'omit' to leave it out (clangd's default)")
    p.add_argument("--related-information", action="store_true",
                   help="announce publishDiagnostics.relatedInformation support")
    p.add_argument("--details", action="store_true",
                   help="print severity, source, codeDescription and the field names")
    p.add_argument("--show-config", action="store_true",
                   help="print the generated .clangd/.clang-tidy on stderr")
    p.add_argument("--timeout", type=float, default=120,
                   help="seconds to wait for all files' diagnostics")
    p.add_argument("--hard-timeout", type=float, default=240,
                   help="seconds after which clangd is killed and the client exits 2")
    p.add_argument("--exit-timeout", type=float, default=60,
                   help="seconds clangd gets to answer shutdown and exit")
    p.add_argument("--show-exit-time", action="store_true",
                   help="print on stderr how long clangd took to exit")
    p.add_argument("--show-stderr", action="store_true",
                   help="print clangd's stderr (its log) at the end, also on success")
    p.add_argument("--keep", action="store_true", help="keep the temporary project")
    args = p.parse_args(argv)

    project = os.path.realpath(tempfile.mkdtemp(prefix="sspi-clangd-lsp."))
    proc_holder = []

    def hard_stop():
        sys.stdout.flush()
        sys.stderr.write("lsp_client: hard timeout (%gs): killing clangd\n" % args.hard_timeout)
        for c in proc_holder:
            try:
                c.proc.kill()
            except OSError:
                pass
        if not args.keep:
            shutil.rmtree(project, ignore_errors=True)
        sys.stderr.flush()
        os._exit(2)

    watchdog = threading.Timer(args.hard_timeout, hard_stop)
    watchdog.daemon = True
    watchdog.start()

    write_config(project, args, [os.path.basename(f) for f in args.files])
    if args.show_config:
        for name in (".clangd", ".clang-tidy", "compile_commands.json"):
            path = os.path.join(project, name)
            if os.path.exists(path):
                sys.stderr.write("--- %s\n%s" % (name, open(path).read()))

    docs = []  # (display name, uri, text)
    for src in args.files:
        name = os.path.basename(src)
        dst = os.path.join(project, name)
        shutil.copyfile(src, dst)
        with open(dst, encoding="utf-8") as f:
            docs.append((name, uri_of(dst), f.read()))

    # Keep the user's own clangd configuration (~/.config/clangd/config.yaml)
    # and caches out of the test.
    env = dict(os.environ)
    env["XDG_CONFIG_HOME"] = os.path.join(project, ".xdg-config")
    env["XDG_CACHE_HOME"] = os.path.join(project, ".xdg-cache")
    # No background index: it indexes every file of a compilation database
    # and clangd finishes that before it exits (over a minute on a loaded
    # machine). Diagnostics do not depend on it.
    if "clangd" in os.path.basename(args.clangd) and \
            not any(a.startswith("--background-index") for a in clangd_args):
        clangd_args = clangd_args + ["--background-index=false"]
    clangd = Clangd([args.clangd] + clangd_args, project, env)
    proc_holder.append(clangd)

    status = 0
    deadline = time.monotonic() + args.timeout
    init = clangd.request("initialize", {
        "processId": os.getpid(),
        "rootUri": uri_of(project),
        "capabilities": {
            "textDocument": {
                "publishDiagnostics": {
                    "relatedInformation": args.related_information,
                    "versionSupport": True,
                    "codeDescriptionSupport": True,
                },
            },
        },
    })
    if clangd.wait_response(init, deadline) is None:
        sys.stderr.write("lsp_client: no answer to initialize\n")
        status = 1
    else:
        clangd.notify("initialized", {})
        lang = {".c": "c", ".h": "c"}
        for name, uri, text in docs:
            clangd.notify("textDocument/didOpen", {"textDocument": {
                "uri": uri, "languageId": lang.get(os.path.splitext(name)[1], "cpp"),
                "version": 1, "text": text}})
        published = {}
        wanted = {uri for _, uri, _ in docs}
        while wanted - set(published):
            message = clangd.receive(deadline)
            if message is None:
                break
            if clangd.answer_server_request(message):
                continue
            if message.get("method") != "textDocument/publishDiagnostics":
                continue
            params = message["params"]
            if params["uri"] in wanted and params["uri"] not in published:
                published[params["uri"]] = params["diagnostics"]
        for name, uri, _ in docs:
            if uri not in published:
                sys.stderr.write("lsp_client: no diagnostics for %s within %gs\n"
                                 % (name, args.timeout))
                status = 1
                continue
            if not published[uri]:
                print("%s: no diagnostics" % name)
            for diag in published[uri]:
                print_diagnostic(name, diag, project, args.details)
        sys.stdout.flush()

    # Clean shutdown: shutdown request, exit notification, then wait. clangd
    # finishes its background work first (indexing the preamble of each file,
    # which for <windows.h> takes seconds), so give it the time left.
    t0 = time.monotonic()
    rid = clangd.request("shutdown", None)
    clangd.wait_response(rid, time.monotonic() + args.exit_timeout)
    clangd.notify("exit", None)
    try:
        clangd.proc.stdin.close()
    except OSError:
        pass
    try:
        rc = clangd.proc.wait(timeout=max(1.0, t0 + args.exit_timeout - time.monotonic()))
        if args.show_exit_time:
            sys.stderr.write("lsp_client: clangd exited %.1fs after shutdown\n"
                             % (time.monotonic() - t0))
    except subprocess.TimeoutExpired:
        sys.stderr.write("lsp_client: clangd did not exit within %gs of shutdown; killing it\n"
                         % args.exit_timeout)
        clangd.proc.kill()
        clangd.proc.wait()
        rc = None
        status = status or 1
    if rc not in (0, None):
        sys.stderr.write("lsp_client: clangd exited with status %d\n" % rc)
        status = status or 1
    watchdog.cancel()
    if (status != 0 or args.show_stderr) and clangd.stderr:
        sys.stderr.write("lsp_client: clangd's stderr:\n" + "".join(clangd.stderr if args.show_stderr else clangd.stderr[-50:]))
    if args.keep:
        sys.stderr.write("lsp_client: project kept in %s\n" % project)
    else:
        shutil.rmtree(project, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
