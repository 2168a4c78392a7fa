// A helper that runs one handshake leg on the caller's object, continuing
// its context when a flag says one exists, and uses the context after a
// SEC_I_CONTINUE_NEEDED: calling it again is not an overwrite.
// RUN: %sspi_tidy %s -- %win_flags 2>/dev/null | %FileCheck %s --allow-empty --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

struct peer {
  CredHandle cred;
  CtxtHandle ctx;
  BOOL have_ctx;
  SecBufferDesc in, out;
  ULONG attrs;
};

static SECURITY_STATUS leg(struct peer *p) {
  SECURITY_STATUS st = AcceptSecurityContext(
      &p->cred, p->have_ctx ? &p->ctx : NULL, &p->in, 0, SECURITY_NATIVE_DREP,
      &p->ctx, &p->out, &p->attrs, NULL);
  if (!FAILED(st))
    p->have_ctx = TRUE;
  if (st == SEC_I_CONTINUE_NEEDED) {
    ULONG flags = 0;
    SetContextAttributesW(&p->ctx, SECPKG_ATTR_FLAGS, &flags, sizeof flags);
  }
  return st;
}

static void peer_close(struct peer *p) {
  if (p->have_ctx)
    DeleteSecurityContext(&p->ctx);
}

int exchange(void) {
  struct peer p = {0};
  int rc = -1;
  if (leg(&p) != SEC_I_CONTINUE_NEEDED)
    goto done;
  (void)leg(&p);
  rc = 0;
done:
  peer_close(&p);
  return rc;
}
