#!/usr/bin/env python3
"""Writes pathological SSPI functions for the analysis budget
(test/robustness/pathological.test, reliability/run):

- nested(): one live context under DEPTH levels of nesting (if / switch /
  blocks / if-else, and every LOOP_EVERY-th level a while / for / do-while
  loop), with an early exit that deletes the context every EXIT_EVERY-th
  level, and BRANCHES tests of status variables at the
  innermost level: the status of the creating call tested again and again
  (each test is decided by what the path already knows), and fresh statuses
  of QueryContextAttributes calls, each tested and then dead. Correct code:
  the analysis must finish within its budgets and report nothing.

- explode(): the same nesting, but every level creates its own context
  whose status is saved in its own variable and read again only at the end,
  so every combination of outcomes is a distinct path state (2^DEPTH): the
  state budget must stop it, silently (correct code, no finding either way).

- returns() (only with --only returns): one context and BRANCHES early
  returns that each delete it (not part of the default output).

Usage: gen_pathological.py [--depth D] [--branches B] [--loop-every N]
                           [--exit-every N] [--only nested|explode|returns]
Nesting stays below clang's default bracket depth (256) for D <= 120.
"""
import argparse

p = argparse.ArgumentParser()
p.add_argument("--depth", type=int, default=100)
p.add_argument("--branches", type=int, default=3000)
p.add_argument("--loop-every", type=int, default=10,
               help="every Nth level is a loop (the others if/switch/blocks)")
p.add_argument("--exit-every", type=int, default=10,
               help="every Nth level has an early exit that deletes the context")
p.add_argument("--only", choices=["nested", "explode", "returns"])
a = p.parse_args()

out = []
w = out.append
w("#define SECURITY_WIN32")
w("#include <windows.h>")
w("#include <sspi.h>")
w("int work(int);")
w("")

BRANCHES = [
    ("if (work(%(k)d) > 0) {", "}"),
    ("switch (work(%(k)d)) { case 1: case 2: default: {", "} }"),
    ("{", "}"),
    ("if (work(%(k)d) == 7) { acc--; } else {", "}"),
]
LOOPS = [
    ("while (work(%(k)d) != 0) {", "}"),
    ("for (int i%(k)d = 0; i%(k)d < work(%(k)d); i%(k)d++) {", "}"),
    ("do {", "} while (work(%(k)d) == 3);"),
]


def nest_open(k, ind):
    if (k + 1) % a.loop_every == 0:
        o, c = LOOPS[(k // a.loop_every) % len(LOOPS)]
    else:
        o, c = BRANCHES[k % len(BRANCHES)]
    w(ind + o % {"k": k})
    return c % {"k": k}


def nested():
    w("int nested(CredHandle *cred, SecBufferDesc *o) {")
    w("  CtxtHandle ctx;")
    w("  ULONG attrs;")
    w("  TimeStamp ts;")
    w("  SecPkgContext_Sizes sizes;")
    w("  SECURITY_STATUS st, q;")
    w("  int acc = 0;")
    w("  st = InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, o, &attrs, &ts);")
    w("  if (FAILED(st))")
    w("    return -1;")
    closers = []
    for k in range(a.depth):
        ind = "  " * (k + 1)
        closers.append(nest_open(k, ind))
        if (k + 1) % a.exit_every == 0:
            ind2 = ind + "  "
            w(ind2 + "if (work(%d) < 0) {" % (10000 + k))
            w(ind2 + "  DeleteSecurityContext(&ctx);")
            w(ind2 + "  return -%d;" % (k + 2))
            w(ind2 + "}")
    ind = "  " * (a.depth + 1)
    for b in range(a.branches):
        kind = b % 6
        if kind == 0:
            w(ind + "if (st == SEC_E_OK) acc += work(%d); else acc -= 1;" % b)
        elif kind == 1:
            w(ind + "if (st == SEC_I_CONTINUE_NEEDED) acc++; else if (FAILED(st)) acc--;")
        elif kind == 2:
            w(ind + "q = QueryContextAttributesA(&ctx, SECPKG_ATTR_SIZES, &sizes);")
            w(ind + "if (q != SEC_E_OK) acc += %d;" % b)
        elif kind == 3:
            w(ind + "if (SUCCEEDED(st) && work(%d)) acc ^= %d;" % (b, b))
        elif kind == 4:
            w(ind + "switch (st) { case SEC_E_OK: acc++; break; case SEC_I_CONTINUE_NEEDED: acc--; break; default: break; }")
        else:
            w(ind + "if (st != SEC_E_OK || acc > %d) acc = work(acc);" % b)
    for k in reversed(range(a.depth)):
        w("  " * (k + 1) + closers[k])
    w("  DeleteSecurityContext(&ctx);")
    w("  return acc;")
    w("}")
    w("")


def explode():
    w("int explode(CredHandle *cred, SecBufferDesc *o) {")
    w("  ULONG attrs;")
    w("  TimeStamp ts;")
    w("  int acc = 0;")
    for k in range(a.depth):
        w("  CtxtHandle c%d;" % k)
        w("  SECURITY_STATUS s%d = -1;" % k)
    closers = []
    for k in range(a.depth):
        ind = "  " * (k + 1)
        closers.append(nest_open(k, ind))
        w(ind + "  s%d = InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &c%d, o, &attrs, &ts);" % (k, k))
    ind = "  " * (a.depth + 1)
    for b in range(a.branches):
        k = b % a.depth
        w(ind + "if (s%d == SEC_E_OK) acc += work(%d);" % (k, b))
    for k in reversed(range(a.depth)):
        ind = "  " * (k + 1)
        w(ind + "  if (s%d >= 0) DeleteSecurityContext(&c%d);" % (k, k))
        w(ind + closers[k])
    w("  return acc;")
    w("}")


def returns():
    """One context and BRANCHES early returns that each delete it: every
    return reaches the exit with its own state."""
    w("int returns(CredHandle *cred, SecBufferDesc *o) {")
    w("  CtxtHandle ctx;")
    w("  ULONG attrs;")
    w("  TimeStamp ts;")
    w("  if (InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, o, &attrs, &ts) != SEC_E_OK)")
    w("    return -1;")
    for b in range(a.branches):
        w("  if (work(%d) < 0) {" % b)
        w("    DeleteSecurityContext(&ctx);")
        w("    return %d;" % (b + 1))
        w("  }")
    w("  DeleteSecurityContext(&ctx);")
    w("  return 0;")
    w("}")


if a.only == "returns":
    returns()
else:
    if a.only != "explode":
        nested()
    if a.only != "nested":
        explode()
print("\n".join(out))
