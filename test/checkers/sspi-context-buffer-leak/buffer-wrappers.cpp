// SecBuffer / SecBufferDesc built through small C++ wrapper classes whose
// constructors store their pointer parameters (in the body, in a member
// initialiser, or in the base's initialiser list): the output token of an
// ISC_REQ_ALLOCATE_MEMORY call is found through them as through aggregate
// initialisation.
// RUN: %sspi_tidy %s -- %win_flags -std=c++17 2>/dev/null | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int send_token(const void *buf, unsigned long len);

struct Buffer : SecBuffer {
  explicit Buffer(unsigned long type) {
    BufferType = type;
    cbBuffer = 0;
    pvBuffer = nullptr;
  }
};

struct BufferDesc : SecBufferDesc {
  BufferDesc(SecBuffer *b, unsigned long n) {
    ulVersion = SECBUFFER_VERSION;
    cBuffers = n;
    pBuffers = b;
  }
};

struct InitDesc : SecBufferDesc {
  explicit InitDesc(SecBuffer *b) : SecBufferDesc{SECBUFFER_VERSION, 1, b} {}
};

struct Desc {
  unsigned long ulVersion, cBuffers;
  SecBuffer *pBuffers;
  explicit Desc(SecBuffer *b) : ulVersion(SECBUFFER_VERSION), cBuffers(1), pBuffers(b) {}
};

int body_wrapper_leaks(CredHandle *cred, CtxtHandle *ctx) {
  Buffer out(SECBUFFER_TOKEN);
  BufferDesc od(&out, 1);
  ULONG attrs;
  if (InitializeSecurityContextA(cred, nullptr, nullptr, ISC_REQ_ALLOCATE_MEMORY,
                                 0, 0, nullptr, 0, ctx, &od, &attrs,
                                 nullptr) != SEC_E_OK)
    return -1;
  if (send_token(out.pvBuffer, out.cbBuffer) < 0)
    return -2;
  // CHECK: buffer-wrappers.cpp:[[@LINE-1]]:5: warning: buffer 'out.pvBuffer' allocated by InitializeSecurityContextA is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: buffer-wrappers.cpp:[[@LINE-7]]:7: note: buffer 'out.pvBuffer' allocated here by InitializeSecurityContextA
  // CHECK: buffer-wrappers.cpp:[[@LINE-8]]:7: note: assuming 'InitializeSecurityContextA(...) != SEC_E_OK' is false
  // CHECK: buffer-wrappers.cpp:[[@LINE-5]]:7: note: assuming 'send_token(out.pvBuffer, out.cbBuffer) < 0' is true
  FreeContextBuffer(out.pvBuffer);
  return 0;
}

int base_init_wrapper_leaks(CredHandle *cred, CtxtHandle *ctx) {
  Buffer out(SECBUFFER_TOKEN);
  InitDesc od(&out);
  ULONG attrs;
  if (InitializeSecurityContextA(cred, nullptr, nullptr, ISC_REQ_ALLOCATE_MEMORY,
                                 0, 0, nullptr, 0, ctx, &od, &attrs,
                                 nullptr) != SEC_E_OK)
    return -1;
  return send_token(out.pvBuffer, out.cbBuffer);
  // CHECK: buffer-wrappers.cpp:[[@LINE-1]]:3: warning: buffer 'out.pvBuffer' allocated by InitializeSecurityContextA is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: buffer-wrappers.cpp:[[@LINE-6]]:7: note: buffer 'out.pvBuffer' allocated here by InitializeSecurityContextA
  // CHECK: buffer-wrappers.cpp:[[@LINE-7]]:7: note: assuming 'InitializeSecurityContextA(...) != SEC_E_OK' is false
}

/* The twins: freed on every path; and a caller-supplied buffer (no
   ISC_REQ_ALLOCATE_MEMORY) is never the package's. */
int body_wrapper_ok(CredHandle *cred, CtxtHandle *ctx) {
  Buffer out(SECBUFFER_TOKEN);
  BufferDesc od(&out, 1);
  ULONG attrs;
  if (InitializeSecurityContextA(cred, nullptr, nullptr, ISC_REQ_ALLOCATE_MEMORY,
                                 0, 0, nullptr, 0, ctx, &od, &attrs,
                                 nullptr) != SEC_E_OK)
    return -1;
  int rc = send_token(out.pvBuffer, out.cbBuffer);
  FreeContextBuffer(out.pvBuffer);
  return rc;
}

int member_init_wrapper_leaks(CredHandle *cred, CtxtHandle *ctx) {
  Buffer out(SECBUFFER_TOKEN);
  Desc od(&out);
  ULONG attrs;
  if (InitializeSecurityContextA(cred, nullptr, nullptr, ISC_REQ_ALLOCATE_MEMORY,
                                 0, 0, nullptr, 0, ctx,
                                 reinterpret_cast<SecBufferDesc *>(&od), &attrs,
                                 nullptr) != SEC_E_OK)
    return -1;
  if (out.cbBuffer > 0)
    send_token(out.pvBuffer, out.cbBuffer);
  return 0;
  // CHECK: buffer-wrappers.cpp:[[@LINE-1]]:3: warning: buffer 'out.pvBuffer' allocated by InitializeSecurityContextA is never freed on this path (missing FreeContextBuffer) [sspi-context-buffer-leak]
  // CHECK: buffer-wrappers.cpp:[[@LINE-9]]:7: note: buffer 'out.pvBuffer' allocated here by InitializeSecurityContextA
  // CHECK: buffer-wrappers.cpp:[[@LINE-10]]:7: note: assuming 'InitializeSecurityContextA(...) != SEC_E_OK' is false
  // CHECK: buffer-wrappers.cpp:[[@LINE-6]]:7: note: assuming 'out.cbBuffer > 0' is true
}

int caller_memory_ok(CredHandle *cred, CtxtHandle *ctx) {
  Buffer out(SECBUFFER_TOKEN);
  BufferDesc od(&out, 1);
  ULONG attrs;
  if (InitializeSecurityContextA(cred, nullptr, nullptr, ISC_REQ_CONFIDENTIALITY,
                                 0, 0, nullptr, 0, ctx, &od, &attrs,
                                 nullptr) != SEC_E_OK)
    return -1;
  return send_token(out.pvBuffer, out.cbBuffer);
}
