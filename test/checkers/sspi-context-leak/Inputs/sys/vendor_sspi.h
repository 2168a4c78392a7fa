// A third-party header reached through -isystem: its inline code is not
// the user's to fix, so nothing in it is reported.
#pragma once
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

static inline int vendor_leaks(CredHandle *cred) {
  CtxtHandle ctx;
  SecBufferDesc out;
  ULONG attrs;
  TimeStamp ts;
  return InitializeSecurityContextW(cred, 0, 0, 0, 0, 0, 0, 0, &ctx, &out,
                                    &attrs, &ts) < 0 ? -1 : 0;
}

namespace vendor {
struct Session {
  int start(CredHandle *cred) { return vendor_leaks(cred); }
};
} // namespace vendor

// Expands, in the user's file, to a definition the user wrote.
#define VENDOR_DEFINE_START(name)                                              \
  int name(CredHandle *cred) {                                                 \
    CtxtHandle ctx;                                                            \
    SecBufferDesc out;                                                         \
    ULONG attrs;                                                               \
    TimeStamp ts;                                                              \
    return InitializeSecurityContextW(cred, 0, 0, 0, 0, 0, 0, 0, &ctx, &out,   \
                                      &attrs, &ts) < 0 ? -1 : 0;               \
  }
