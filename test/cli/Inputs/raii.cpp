// Input of test/cli/cpp-stdlib.test: C++ that includes the standard library
// (mingw-w64's libstdc++, from g++-mingw-w64-x86-64-posix). An RAII owner of a
// credential (no finding) and a function that leaks one (one finding).
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

// Owns a credential: the destructor frees it.
class Credential {
public:
  explicit Credential(const std::string &package) {
    TimeStamp expiry;
    ok_ = AcquireCredentialsHandleA(nullptr, const_cast<char *>(package.c_str()),
                                    SECPKG_CRED_OUTBOUND, nullptr, nullptr, nullptr,
                                    nullptr, &handle_, &expiry) == SEC_E_OK;
  }
  ~Credential() {
    if (ok_)
      FreeCredentialsHandle(&handle_);
  }
  Credential(const Credential &) = delete;
  Credential &operator=(const Credential &) = delete;
  bool ok() const { return ok_; }

private:
  CredHandle handle_;
  bool ok_ = false;
};

std::mutex g_lock;

int with_owner(const std::vector<std::string> &packages) {
  std::lock_guard<std::mutex> guard(g_lock);
  auto cred = std::make_unique<Credential>(packages.front());
  return cred->ok() ? 0 : -1;
}

int leaks(const std::vector<std::string> &packages) {
  std::lock_guard<std::mutex> guard(g_lock);
  CredHandle cred;
  TimeStamp expiry;
  if (AcquireCredentialsHandleA(nullptr, const_cast<char *>(packages.front().c_str()),
                                SECPKG_CRED_OUTBOUND, nullptr, nullptr, nullptr, nullptr,
                                &cred, &expiry) != SEC_E_OK)
    return -1;
  if (packages.size() > 1)
    return -2; // the credential leaks here
  FreeCredentialsHandle(&cred);
  return 0;
}
