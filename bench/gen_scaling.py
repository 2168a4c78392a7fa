#!/usr/bin/env python3
"""Writes one C function, `scaled`, of about N statements that uses H
security contexts, for the scaling part of bench/run.

Every statement is on its own line and counts as one (a `for` with its body
on the same line is one statement, so is an `if` with its `else`). The
filler between the SSPI calls mixes straight-line calls, `if`/`else`
branches, `for` loops, status branches (`st = QueryContextAttributesA(...);
if (st != SEC_E_OK) ...`) and early exits, so the CFG has roughly 0.8 blocks
per statement (20,000 statements stay under the engine's 20,000-block
limit).

Shapes (--shape):
  seq     one context live at a time: each is created, finishes a handshake
          loop (`while (st == SEC_I_CONTINUE_NEEDED)`), is used, and is
          deleted; failures delete it and `goto` past its block.
  ladder  all H contexts live at once, the C "goto cleanup" ladder: context
          h is created after h-1, its failure jumps to the label that deletes
          contexts h-1..0, an early exit after it to the label that deletes
          h..0; the labels are at the end, in reverse order.

  goto-error
          the error handling of real SSPI functions (curl's socks_sspi.c,
          FreeRDP's nla.c): N is the number of error sites, each setting
          its own error code (`result = -1xx; goto error;`); the H contexts
          are created one after another among them (with the handshake
          loop), each marked in a flag (`have<h> = 1`) once it exists; the
          single `error:` label deletes the contexts whose flag is set and
          returns `result` (the success path falls through it). About 3
          statements per error site.

The generated code is correct (no finding expected), unless --leak is given:
then one early exit of the last context returns without deleting it (one
sspi-context-leak expected).

Prints the C file on stdout and, with --count, the number of statements
written on stderr ("statements=N").
"""
import argparse
import sys


def filler(k, exit_stmt, use_ctx):
    """Statement number k of the filler (deterministic in k)."""
    if k % 29 == 0:
        return "if (work(%d) < 0) %s" % (k, exit_stmt)
    if k % 19 == 0:
        return ("st = QueryContextAttributesA(&%s, SECPKG_ATTR_SIZES, &sizes); "
                "if (st != SEC_E_OK) %s" % (use_ctx, exit_stmt))
    if k % 17 == 0:
        return "for (int i%d = 0; i%d < 3; i%d++) acc += work(i%d);" % (k, k, k, k)
    if k % 7 == 0:
        return "if (work(%d) > 3) acc++; else acc--;" % k
    return "acc += work(%d);" % k


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("statements", type=int,
                   help="N, statements in the function (goto-error: distinct error codes)")
    p.add_argument("handles", type=int, help="H, security contexts")
    p.add_argument("--shape", choices=["seq", "ladder", "goto-error"], default="seq")
    p.add_argument("--leak", action="store_true",
                   help="plant one leak of the last context")
    p.add_argument("--count", action="store_true",
                   help="print statements=N on stderr")
    a = p.parse_args()
    H = max(1, a.handles)
    N = max(1, a.statements)

    head = []
    body = []
    w = body.append
    head.append("#define SECURITY_WIN32")
    head.append("#include <windows.h>")
    head.append("#include <sspi.h>")
    head.append("int work(int);")
    head.append("int scaled(CredHandle *cred, SecBufferDesc *in, SecBufferDesc *out) {")
    w("ULONG attrs; TimeStamp ts; SECURITY_STATUS st; int acc = 0;")
    w("SecPkgContext_Sizes sizes;")
    for h in range(H):
        w("CtxtHandle ctx%d;" % h)
    isc0 = ("st = InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, "
            "&ctx%d, out, &attrs, &ts);")
    isc1 = ("st = InitializeSecurityContextA(cred, &ctx%d, NULL, 0, 0, 0, in, 0, "
            "&ctx%d, out, &attrs, &ts);")
    k = [0]  # filler counter
    leak_planted = [False]

    def fill(count, exit_stmt, h, last):
        """count filler statements using context h; with --leak, the first
        early exit of the last context returns without deleting it."""
        for _ in range(count):
            k[0] += 1
            if last and a.leak and not leak_planted[0] and k[0] % 29 == 0:
                w("if (work(%d) < 0) return -1; /* LEAK */" % k[0])
                leak_planted[0] = True
                continue
            w(filler(k[0], exit_stmt, "ctx%d" % h))

    if a.shape == "seq":
        per_overhead = 8
        per = max(0, N // H - per_overhead)
        for h in range(H):
            last = h == H - 1
            w(isc0 % h)
            w("if (FAILED(st)) goto done%d;" % h)
            w("while (st == SEC_I_CONTINUE_NEEDED) { %s }" % (isc1 % (h, h)))
            w("if (st != SEC_E_OK) { DeleteSecurityContext(&ctx%d); goto done%d; }" % (h, h))
            fill(per, "{ DeleteSecurityContext(&ctx%d); goto done%d; }" % (h, h), h, last)
            w("DeleteSecurityContext(&ctx%d);" % h)
            w("done%d:" % h)
            w("acc += %d;" % h)
        w("return acc;")
    elif a.shape == "goto-error":
        # N error sites, each `result = <its own code>; goto error;`, the H
        # contexts created one after another among them; one cleanup label
        # deletes the contexts that were created (flag have<h>), the success
        # path falls through it with result = 0.
        for h in range(H):
            w("int have%d = 0;" % h)
        w("int result = 0;")
        at = {}  # error site -> the contexts created just before it
        for h in range(H):
            at.setdefault(h * N // H, []).append(h)
        made = []
        for e in range(N):
            for h in at.get(e, []):
                w(isc0 % h)
                w("if (FAILED(st)) { result = %d; goto error; }" % (-1000 - h))
                w("have%d = 1;" % h)
                w("while (st == SEC_I_CONTINUE_NEEDED) { %s }" % (isc1 % (h, h)))
                w("if (st != SEC_E_OK) { result = %d; goto error; }" % (-2000 - h))
                made.append(h)
            h = made[-1]
            k[0] += 1
            if a.leak and h == H - 1 and not leak_planted[0]:
                w("if (work(%d) < 0) return -1; /* LEAK */" % k[0])
                leak_planted[0] = True
            elif e % 5 == 4:
                w("st = QueryContextAttributesA(&ctx%d, SECPKG_ATTR_SIZES, &sizes); "
                  "if (st != SEC_E_OK) { result = %d; goto error; }" % (h, -100 - e))
            else:
                w("if (work(%d) < 0) { result = %d; goto error; }" % (k[0], -100 - e))
            w("acc += work(%d);" % (10000 + e))
            if e % 3 == 2:
                w("if (acc > %d) acc -= work(%d); else acc++;" % (e, 20000 + e))
        w("result = acc;")
        w("error:")
        for h in reversed(range(H)):
            w("if (have%d) DeleteSecurityContext(&ctx%d);" % (h, h))
        w("return result;")
    else:
        per_overhead = 3
        per = max(0, (N - 2 * H) // H - per_overhead)
        for h in range(H):
            last = h == H - 1
            w(isc0 % h)
            w("if (FAILED(st)) goto %s;" % ("del%d" % (h - 1) if h else "done"))
            w("while (st == SEC_I_CONTINUE_NEEDED) { %s }" % (isc1 % (h, h)))
            fill(per, "goto del%d;" % h, h, last)
        for h in reversed(range(H)):
            w("del%d:" % h)
            w("DeleteSecurityContext(&ctx%d);" % h)
        w("done:")
        w("return acc;")
    # Declarations and labels are not statements that do work; count the rest.
    stmts = sum(1 for s in body
                if not s.endswith(":") and not s.startswith(("CtxtHandle ", "ULONG ",
                                                             "SecPkgContext_Sizes ", "int have",
                                                             "int result")))
    out = head + ["  " + s if not s.endswith(":") else s for s in body] + ["}"]
    sys.stdout.write("\n".join(out) + "\n")
    if a.count:
        sys.stderr.write("statements=%d\n" % stmts)


if __name__ == "__main__":
    main()
