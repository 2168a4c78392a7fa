// Handles owned by objects, C++: the destructor of every class whose
// methods leave a context in a member is a teardown of that member.
// RUN: %sspi_tidy %s -- %win_flags -std=c++17 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

// Positive: the destructor forgets the context.
class Channel {
public:
  explicit Channel(CredHandle *cred) : cred_(cred) {}
  long step(SecBufferDesc *in, SecBufferDesc *out) {
    ULONG attrs;
    TimeStamp ts;
    return InitializeSecurityContextW(cred_, nullptr, nullptr, 0, 0, 0, in, 0,
                                      &ctx_, out, &attrs, &ts);
  }
  ~Channel() { cred_ = nullptr; }
  // CHECK: owner-destructor.cpp:[[@LINE-1]]:33: warning: security context 'ctx_' is never deleted on this path of '~Channel', which tears down its 'Channel' (missing DeleteSecurityContext) [sspi-context-leak]
  // CHECK: owner-destructor.cpp:[[@LINE-5]]:12: note: security context 'ctx_' (a field of 'Channel') is created here by InitializeSecurityContextW in 'step'

private:
  CredHandle *cred_;
  CtxtHandle ctx_;
};

// Negative: a guarded delete, and a destructor that calls the member that
// releases.
class GuardedChannel {
public:
  long step(CredHandle *cred, SecBufferDesc *out) {
    ULONG attrs;
    TimeStamp ts;
    long st = InitializeSecurityContextW(cred, nullptr, nullptr, 0, 0, 0,
                                         nullptr, 0, &ctx_, out, &attrs, &ts);
    if (st >= 0)
      live_ = true;
    return st;
  }
  ~GuardedChannel() {
    if (live_)
      DeleteSecurityContext(&ctx_);
  }

private:
  CtxtHandle ctx_;
  bool live_ = false;
};

class ClosingChannel {
public:
  long step(CredHandle *cred, SecBufferDesc *out) {
    ULONG attrs;
    TimeStamp ts;
    return InitializeSecurityContextW(cred, nullptr, nullptr, 0, 0, 0, nullptr,
                                      0, &ctx_, out, &attrs, &ts);
  }
  void close() {
    if (SecIsValidHandle(&ctx_)) {
      DeleteSecurityContext(&ctx_);
      SecInvalidateHandle(&ctx_);
    }
  }
  ~ClosingChannel() { close(); }

private:
  CtxtHandle ctx_;
};
