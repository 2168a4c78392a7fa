// Lengths and offsets of a caller's structure passed by value to unknown
// functions are not handles: they must not split the paths. Eight optional
// logging calls used to leave eight "escaped" records on some paths and not
// others, 2^8 distinct states, over the budget of 64 per block: the function
// was skipped and its leak went unreported.
// RUN: env SSPI_TIDY_STATS=1 %sspi_tidy %s -- %win_flags 2>%t.stats | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
// RUN: %FileCheck %s --check-prefix=STATS < %t.stats
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

struct conn {
  size_t a, b, c, d, e, f, g, h;
};
int verbose(int level);
void log_size(const char *what, size_t n);

int handshake(struct conn *cn, CredHandle *cred, SecBufferDesc *out) {
  CtxtHandle ctx;
  ULONG attrs;
  TimeStamp ts;
  if (InitializeSecurityContextA(cred, NULL, NULL, 0, 0, 0, NULL, 0, &ctx, out,
                                 &attrs, &ts) < 0)
    return -1;
  if (verbose(1)) log_size("a", cn->a);
  if (verbose(2)) log_size("b", cn->b);
  if (verbose(3)) log_size("c", cn->c);
  if (verbose(4)) log_size("d", cn->d);
  if (verbose(5)) log_size("e", cn->e);
  if (verbose(6)) log_size("f", cn->f);
  if (verbose(7)) log_size("g", cn->g);
  if (verbose(8)) log_size("h", cn->h);
  return 0;
  // CHECK: scalar-arguments.c:[[@LINE-1]]:3: warning: security context 'ctx' is never deleted on this path (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: scalar-arguments.c:[[@LINE-13]]:7: note: security context 'ctx' created here by InitializeSecurityContextA
  // CHECK: scalar-arguments.c:[[@LINE-14]]:7: note: assuming 'InitializeSecurityContextA(...) < 0' is false
}

// STATS: sspi-tidy: handshake: blocks={{[0-9]+}} states={{[0-9]+}} max-states-per-block={{[1-9]}} time-ms={{[0-9.]+}}{{$}}
// STATS: sspi-tidy: analysed 1 functions, 0 joined, 0 skipped, 0 with errors
