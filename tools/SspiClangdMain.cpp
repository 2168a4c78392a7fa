//===- SspiClangdMain.cpp - clangd with the sspi-* checks built in --------===//
//
// clangd cannot load clang-tidy plugins (clangd/clangd#1458). This is clangd's
// own main linked with our module's objects, so an editor pointed at it runs
// sspi-* like any built-in clang-tidy check (enable them in .clangd / .clang-tidy;
// see docs/editors.md). Around clangd's main:
//
//  - clang's resource directory: clangd looks for it next to its executable;
//    where there is none (build/, /usr/local/bin) the one of the LLVM this
//    was built against is passed as --resource-dir, unless given.
//
//  - the documentation links: clangd gives every clang-tidy diagnostic a
//    codeDescription it builds from the check's name
//    (https://clang.llvm.org/extra/clang-tidy/checks/<module>/<check>.html,
//    getDiagnosticDocURI in clangd's Diagnostics.cpp, called by toLSPDiags
//    with no way to configure it). Those pages do not exist for sspi-*. So
//    clangd's stdout goes through a pipe to a thread that forwards each LSP
//    message to the real stdout and, in a message that has one, sets the
//    codeDescription.href of every diagnostic whose code is an sspi-* check
//    (SspiChecks.def) to that check's page: the same URL as SARIF's helpUri
//    (scripts/sarif.py --print-docs-base, taken at build time), or the pages
//    installed next to the binary (<prefix>/share/doc/sspi-tidy/checks) when
//    the build had no repository URL; $SSPI_TIDY_DOCS_URL overrides both.
//    Only the LSP framing is relied upon, not clangd's internals; anything
//    on stdout that is not an LSP message (--help, --version) passes as is.
//
//===----------------------------------------------------------------------===//
#include "SspiVersion.h"
#include "clang/Driver/Driver.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

namespace clang::clangd {
int clangdMain(int argc, char *argv[]);
} // namespace clang::clangd

namespace {

const char *const SspiCheckNames[] = {
#define SSPI_CHECK(Id, Name, Class, Cwe, Summary) Name,
#include "../checker/checks/SspiChecks.def"
};

std::string exePath(const char *Argv0) {
  return llvm::sys::fs::getMainExecutable(
      Argv0, reinterpret_cast<void *>(&exePath));
}

bool hasInclude(llvm::StringRef ResourceDir) {
  llvm::SmallString<256> P(ResourceDir);
  llvm::sys::path::append(P, "include");
  return llvm::sys::fs::is_directory(P);
}

std::string fileUri(llvm::StringRef Path) {
  std::string Uri = "file://";
  static const char Hex[] = "0123456789ABCDEF";
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-._~").contains(C)) {
      Uri += static_cast<char>(C);
    } else {
      Uri += '%';
      Uri += Hex[C >> 4];
      Uri += Hex[C & 15];
    }
  }
  return Uri;
}

// The prefix of the check pages' URLs (the page is <prefix><check>.md).
std::string docsBase(const char *Argv0) {
  if (const char *Env = std::getenv("SSPI_TIDY_DOCS_URL"); Env && *Env) {
    std::string Base = Env;
    if (Base.back() != '/')
      Base += '/';
    return Base;
  }
  llvm::StringRef Built = SSPI_TIDY_DOCS_BASE;
  if (Built.starts_with("file:")) {
    // Installed: <prefix>/bin/sspi-clangd, <prefix>/share/doc/sspi-tidy/checks.
    llvm::SmallString<256> Dir(
        llvm::sys::path::parent_path(llvm::sys::path::parent_path(exePath(Argv0))));
    llvm::sys::path::append(Dir, "share", "doc", "sspi-tidy", "checks");
    llvm::SmallString<256> Page(Dir);
    llvm::sys::path::append(Page, std::string(SspiCheckNames[0]) + ".md");
    if (llvm::sys::fs::exists(Page))
      return fileUri(Dir) + "/";
  }
  return Built.str();
}

// Sets codeDescription.href of every sspi-* diagnostic under V.
bool rewriteLinks(llvm::json::Value &V, const llvm::StringSet<> &Checks,
                  const std::string &Base) {
  bool Changed = false;
  if (auto *A = V.getAsArray()) {
    for (auto &E : *A)
      Changed |= rewriteLinks(E, Checks, Base);
  } else if (auto *O = V.getAsObject()) {
    auto Code = O->getString("code");
    auto *Desc = O->getObject("codeDescription");
    if (Code && Desc && Checks.contains(*Code)) {
      std::string Href = Base + Code->str() + ".md";
      auto Old = Desc->getString("href");
      if (!Old || *Old != Href) {
        (*Desc)["href"] = Href;
        Changed = true;
      }
    }
    for (auto &KV : *O)
      Changed |= rewriteLinks(KV.second, Checks, Base);
  }
  return Changed;
}

bool writeAll(int Fd, const char *Data, size_t Size) {
  while (Size) {
    ssize_t N = ::write(Fd, Data, Size);
    if (N < 0) {
      if (errno == EINTR)
        continue;
      return false;
    }
    Data += N;
    Size -= static_cast<size_t>(N);
  }
  return true;
}

// Forwards clangd's stdout (the read end of the pipe) to the real stdout,
// one LSP message at a time.
class Forwarder {
public:
  Forwarder(int In, int Out, std::string Base) : In(In), Out(Out), Base(std::move(Base)) {
    for (const char *Name : SspiCheckNames)
      Checks.insert(Name);
  }

  void run() {
    char Chunk[1 << 16];
    while (true) {
      ssize_t N = ::read(In, Chunk, sizeof Chunk);
      if (N < 0 && errno == EINTR)
        continue;
      if (N <= 0)
        break;
      Buf.append(Chunk, static_cast<size_t>(N));
      drain();
    }
    emit(Buf); // whatever is left (a truncated message) goes out as it is
    Buf.clear();
    ::close(In);
  }

private:
  void emit(llvm::StringRef S) {
    if (OutOk && !S.empty())
      OutOk = writeAll(Out, S.data(), S.size()); // keep reading if the editor is gone
  }

  static bool startsWithHeader(llvm::StringRef S) {
    llvm::StringRef Prefix = "content-";
    size_t N = std::min(S.size(), Prefix.size());
    return S.take_front(N).equals_insensitive(Prefix.take_front(N));
  }

  void drain() {
    while (!Buf.empty()) {
      llvm::StringRef B(Buf);
      if (Passthrough || !startsWithHeader(B)) {
        Passthrough = true;
        emit(B);
        Buf.clear();
        return;
      }
      size_t HeaderEnd = B.find("\r\n\r\n");
      if (HeaderEnd == llvm::StringRef::npos) {
        if (B.size() > 4096) // no LSP header is that long
          Passthrough = true;
        else
          return; // wait for the rest of the header
        continue;
      }
      size_t Length = 0;
      bool HaveLength = false;
      llvm::StringRef Headers = B.take_front(HeaderEnd);
      while (!Headers.empty()) {
        auto [Line, Rest] = Headers.split("\r\n");
        Headers = Rest;
        auto [Name, Value] = Line.split(':');
        if (Name.trim().equals_insensitive("content-length"))
          HaveLength = !Value.trim().getAsInteger(10, Length);
      }
      if (!HaveLength) {
        Passthrough = true;
        continue;
      }
      size_t BodyStart = HeaderEnd + 4;
      if (B.size() < BodyStart + Length)
        return; // wait for the rest of the body
      llvm::StringRef Body = B.substr(BodyStart, Length);
      std::string NewBody;
      if (Body.contains("\"sspi-") && Body.contains("codeDescription")) {
        if (auto V = llvm::json::parse(Body)) {
          if (rewriteLinks(*V, Checks, Base)) {
            llvm::raw_string_ostream OS(NewBody);
            OS << *V;
          }
        } else {
          llvm::consumeError(V.takeError());
        }
      }
      if (NewBody.empty()) {
        emit(B.take_front(BodyStart + Length));
      } else {
        emit("Content-Length: " + std::to_string(NewBody.size()) + "\r\n\r\n" +
             NewBody);
      }
      Buf.erase(0, BodyStart + Length);
    }
  }

  int In, Out;
  std::string Base;
  llvm::StringSet<> Checks;
  std::string Buf;
  bool Passthrough = false;
  bool OutOk = true;
};

int RealStdout = -1;
std::thread *ForwardThread = nullptr;

// At exit (a return from main, or exit() after --help/--version): flush what
// clangd buffered into the pipe, give fd 1 back to the real stdout (which
// closes the pipe's last write end) and wait until the thread has sent it all.
void finishForwarding() {
  if (!ForwardThread)
    return;
  llvm::outs().flush();
  std::fflush(stdout);
  ::dup2(RealStdout, STDOUT_FILENO);
  ForwardThread->join();
  ForwardThread = nullptr;
}

void startForwarding(const char *Argv0) {
  int Pipe[2];
  if (::pipe(Pipe) != 0)
    return; // run without the link rewriting
  RealStdout = ::dup(STDOUT_FILENO);
  if (RealStdout < 0 || ::dup2(Pipe[1], STDOUT_FILENO) < 0) {
    ::close(Pipe[0]);
    ::close(Pipe[1]);
    return;
  }
  ::close(Pipe[1]);
  auto *F = new Forwarder(Pipe[0], RealStdout, docsBase(Argv0));
  ForwardThread = new std::thread([F] { F->run(); });
  std::atexit(finishForwarding);
}

} // namespace

int main(int Argc, char *Argv[]) {
  std::vector<char *> Args(Argv, Argv + Argc);
  bool HaveResourceDir = false;
  for (int I = 1; I < Argc; ++I) {
    llvm::StringRef A(Argv[I]);
    if (A.starts_with("--resource-dir") || A.starts_with("-resource-dir"))
      HaveResourceDir = true;
    if (A == "--version" || A == "-version")
      llvm::outs() << "sspi-clangd: sspi-tidy version " << SSPI_TIDY_VERSION
                   << (*SSPI_TIDY_GIT ? " (git " SSPI_TIDY_GIT ")" : "")
                   << ", clangd with the sspi-* checks built in\n";
  }
  std::string ResourceArg;
  if (!HaveResourceDir &&
      !hasInclude(clang::driver::Driver::GetResourcesPath(exePath(Argv[0]))) &&
      hasInclude(SSPI_CLANG_RESOURCE_DIR)) {
    ResourceArg = std::string("--resource-dir=") + SSPI_CLANG_RESOURCE_DIR;
    Args.insert(Args.begin() + 1, ResourceArg.data());
  }
  Args.push_back(nullptr);
  // llvm::outs() exists before the exit handler is registered, so that it is
  // destroyed after the handler ran.
  llvm::outs().flush();
  startForwarding(Argv[0]);
  return clang::clangd::clangdMain(static_cast<int>(Args.size() - 1), Args.data());
}
