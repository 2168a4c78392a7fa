#!/usr/bin/env python3
"""Runs a composite action (action.yml) the way the GitHub runner does, for
test/action/ (GitHub itself is not reachable from the tests):

    run_action.py ACTION_DIR WORKSPACE [--input NAME=VALUE]... [--env NAME=VALUE]...

It reads ACTION_DIR/action.yml, takes each input's value from --input or
its default, and runs each step of runs.steps (composite, `shell: bash`
only) in WORKSPACE with `bash --noprofile --norc -eo pipefail` as the runner
does, after replacing the expressions ${{ inputs.X }}, ${{ github.* }},
${{ runner.temp }} and ${{ steps.ID.outputs.X }} in its `env:` and `run:`.
GITHUB_ACTION_PATH, GITHUB_WORKSPACE, GITHUB_OUTPUT (one file per step),
GITHUB_STEP_SUMMARY and RUNNER_TEMP are set as on GitHub. An expression it
does not know, an input that action.yml does not declare, or a step kind it
does not run is an error (exit 3), so that the action cannot use more than
what is tested here.

It prints, after the steps' own output, one line per output of the action
("OUTPUT name=value") and the step summary between "SUMMARY" lines, and
exits with the status of the first step that failed (0 if none did).
"""
import argparse
import os
import re
import subprocess
import sys
import tempfile

import yaml  # Debian's python3-yaml

EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def fail(msg):
    print("run_action: " + msg, file=sys.stderr)
    sys.exit(3)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("action_dir")
    ap.add_argument("workspace")
    ap.add_argument("--input", action="append", default=[])
    ap.add_argument("--env", action="append", default=[])
    args = ap.parse_args()
    action_dir = os.path.abspath(args.action_dir)
    workspace = os.path.abspath(args.workspace)
    with open(os.path.join(action_dir, "action.yml"), encoding="utf-8") as f:
        action = yaml.safe_load(f)
    declared = action.get("inputs") or {}
    values = {k: str(v.get("default", "")) for k, v in declared.items()}
    for item in args.input:
        name, _, value = item.partition("=")
        if name not in declared:
            fail("input '%s' is not declared in action.yml" % name)
        values[name] = value
    runs = action.get("runs") or {}
    if runs.get("using") != "composite":
        fail("runs.using is not composite")

    tmp = tempfile.mkdtemp(prefix="run-action.")
    summary = os.path.join(tmp, "step-summary.md")
    open(summary, "w").close()
    step_outputs = {}
    context = {"github.action_path": action_dir, "github.workspace": workspace,
               "runner.temp": tmp}

    def expand(text):
        def one(m):
            e = m.group(1)
            if e.startswith("inputs."):
                name = e[len("inputs."):]
                if name not in values:
                    fail("unknown input in expression: " + e)
                return values[name]
            if e in context:
                return context[e]
            m2 = re.match(r"^steps\.([\w-]+)\.outputs\.([\w-]+)$", e)
            if m2:
                return step_outputs.get(m2.group(1), {}).get(m2.group(2), "")
            fail("expression not supported here: " + e)
        return EXPR.sub(one, str(text))

    base_env = dict(os.environ)
    for item in args.env:
        name, _, value = item.partition("=")
        base_env[name] = value
    base_env.update({"GITHUB_ACTION_PATH": action_dir, "GITHUB_WORKSPACE": workspace,
                     "GITHUB_STEP_SUMMARY": summary, "RUNNER_TEMP": tmp, "CI": "true",
                     "GITHUB_ACTIONS": "true"})
    status = 0
    for k, step in enumerate(runs.get("steps") or []):
        if "uses" in step or "run" not in step:
            fail("step %d: only run: steps are run here" % (k + 1))
        if step.get("shell") != "bash":
            fail("step %d: shell must be bash" % (k + 1))
        sid = step.get("id", "step%d" % (k + 1))
        out_file = os.path.join(tmp, "output-%d" % k)
        open(out_file, "w").close()
        env = dict(base_env)
        env.update({n: expand(v) for n, v in (step.get("env") or {}).items()})
        env["GITHUB_OUTPUT"] = out_file
        script = os.path.join(tmp, "step-%d.sh" % k)
        with open(script, "w") as f:
            f.write(expand(step["run"]) + "\n")
        sys.stdout.flush()
        rc = subprocess.call(["bash", "--noprofile", "--norc", "-eo", "pipefail", script],
                             cwd=workspace, env=env)
        outs = {}
        with open(out_file, encoding="utf-8") as f:
            for line in f:
                name, sep, value = line.rstrip("\n").partition("=")
                if sep:
                    outs[name] = value
        step_outputs[sid] = outs
        if rc != 0:
            status = rc
            break
    sys.stdout.flush()
    for name, spec in (action.get("outputs") or {}).items():
        print("OUTPUT %s=%s" % (name, expand(spec.get("value", ""))))
    print("SUMMARY")
    with open(summary, encoding="utf-8") as f:
        sys.stdout.write(f.read())
    print("SUMMARY")
    return status


if __name__ == "__main__":
    sys.exit(main())
