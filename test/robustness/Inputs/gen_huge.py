#!/usr/bin/env python3
"""Writes one huge C function that uses H security contexts over about N
statements, with branches, loops and gotos. With --leak, the last context is
not deleted on one error path (the analysis must find exactly that one, or
stay silent if it gives up on budget). With --interleaved, all contexts are
live at once and every one is guarded by its own status test: the number of
distinct path states grows exponentially and the budget must stop it."""
import argparse

p = argparse.ArgumentParser()
p.add_argument("statements", type=int)
p.add_argument("handles", type=int)
p.add_argument("--leak", action="store_true")
p.add_argument("--interleaved", action="store_true")
a = p.parse_args()

out = []
w = out.append
w("#define SECURITY_WIN32")
w("#include <windows.h>")
w("#include <sspi.h>")
w("int work(int);")
w("int huge(CredHandle *cred, SecBufferDesc *o) {")
w("  ULONG attrs; TimeStamp ts; SECURITY_STATUS st; int acc = 0;")
for h in range(a.handles):
    w("  CtxtHandle ctx%d;" % h)
per = max(1, a.statements // max(1, a.handles))
stmts = 0
leak_done = False
if a.interleaved:
    for h in range(a.handles):
        w("  st = InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx%d, o, &attrs, &ts);" % h)
        w("  SECURITY_STATUS st%d = st;" % h)
        stmts += 2
    # Each status is read again at the end, so every combination of
    # outcomes stays a distinct path state.
    for h in range(a.handles):
        w("  if (st%d == SEC_E_OK) acc += work(%d);" % (h, h))
        stmts += 1
    while stmts < a.statements:
        w("  acc += work(%d);" % stmts)
        stmts += 1
    for h in range(a.handles):
        w("  if (st%d >= 0) DeleteSecurityContext(&ctx%d);" % (h, h))
    w("  return acc;")
    w("}")
else:
    for h in range(a.handles):
        last = h == a.handles - 1
        w("  st = InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx%d, o, &attrs, &ts);" % h)
        w("  if (FAILED(st)) goto fail%d;" % h)
        body = 0
        while body < per - 3:
            k = stmts + body
            if k % 7 == 0:
                w("  for (int i%d = 0; i%d < 3; i%d++) acc += work(i%d);" % (k, k, k, k))
            elif k % 5 == 0:
                w("  if (work(%d) > 3) acc++; else acc--;" % k)
            elif k % 11 == 0 and last and a.leak and not leak_done:
                w("  if (work(%d) < 0) return -1; /* LEAK */" % k)
                leak_done = True
            else:
                w("  acc += work(%d);" % k)
            body += 1
        stmts += per
        w("  DeleteSecurityContext(&ctx%d);" % h)
        w("fail%d:" % h)
        w("  acc += %d;" % h)
    w("  return acc;")
    w("}")
print("\n".join(out))
