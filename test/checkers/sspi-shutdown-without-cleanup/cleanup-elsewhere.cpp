// C++: a destructor that frees a member under a member flag, and a class
// whose explicit stop() frees what its empty destructor does not.
// RUN: %sspi_tidy_bin --checks=-*,sspi-shutdown-without-cleanup %s -- %win_flags -std=c++17 2>/dev/null | %FileCheck %s --allow-empty --implicit-check-not="{{warning|note|error}}:"
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

class Client {
public:
  bool start() {
    TimeStamp ts;
    if (AcquireCredentialsHandleW(nullptr, const_cast<SEC_WCHAR *>(L"Kerberos"),
                                  SECPKG_CRED_OUTBOUND, nullptr, nullptr,
                                  nullptr, nullptr, &cred_, &ts) != SEC_E_OK)
      return false;
    have_cred_ = true;
    return true;
  }
  ~Client() {
    if (have_cred_)
      FreeCredentialsHandle(&cred_);
  }

private:
  CredHandle cred_;
  bool have_cred_ = false;
};
static Client g_client;

class Server {
public:
  bool start() {
    TimeStamp ts;
    return AcquireCredentialsHandleW(nullptr, const_cast<SEC_WCHAR *>(L"NTLM"),
                                     SECPKG_CRED_INBOUND, nullptr, nullptr,
                                     nullptr, nullptr, &srv_cred_,
                                     &ts) == SEC_E_OK;
  }
  void stop() { FreeCredentialsHandle(&srv_cred_); }
  ~Server() {}

private:
  CredHandle srv_cred_;
};
static Server g_server;
extern "C" void WINAPI ServerShutdown(void) { g_server.stop(); }
