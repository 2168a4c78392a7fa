//===- SspiTidyMain.cpp - clang-tidy with the sspi-* checks built in ------===//
//
// For platforms whose clang-tidy cannot --load plugins: this is clang-tidy's
// own main, with every upstream check plus sspi-* (the module's registration
// is linked in as object files). Two things differ from clang-tidy-19:
//
//  - --version names sspi-tidy (version, git commit) and the LLVM it uses;
//  - clang's resource directory (stddef.h, x86intrin.h, ...) is found without
//    flags: clang-tidy looks for it next to its executable
//    (<bin>/../lib/clang/<major>), which exists for /usr/bin and
//    /usr/lib/llvm-19/bin but not for build/ or /usr/local/bin; there the
//    resource directory of the LLVM this was built against is passed
//    (--extra-arg-before=-resource-dir=...), unless the command line already
//    names one.
//
//===----------------------------------------------------------------------===//
#include "SspiVersion.h"
#include "clang-tidy/tool/ClangTidyMain.h"
#include "clang/Driver/Driver.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"
#include <cstring>
#include <string>
#include <vector>

namespace {

void printVersion(llvm::raw_ostream &OS) {
  OS << "sspi-tidy version " << SSPI_TIDY_VERSION;
  if (*SSPI_TIDY_GIT)
    OS << " (git " << SSPI_TIDY_GIT << ")";
  OS << "\n  clang-tidy with the sspi-* checks built in\n"
     << "  LLVM version " << LLVM_VERSION_STRING << "\n";
}

bool hasInclude(const std::string &ResourceDir) {
  llvm::SmallString<256> P(ResourceDir);
  llvm::sys::path::append(P, "include");
  return llvm::sys::fs::is_directory(P);
}

// "-resource-dir" anywhere (--extra-arg=, --extra-arg-before=, after `--`).
bool namesResourceDir(int Argc, const char **Argv) {
  for (int I = 1; I < Argc; ++I)
    if (std::strstr(Argv[I], "-resource-dir"))
      return true;
  return false;
}

} // namespace

int main(int Argc, const char **Argv) {
  llvm::cl::SetVersionPrinter(printVersion);
  std::vector<const char *> Args(Argv, Argv + Argc);
  std::string ResourceArg;
  if (!namesResourceDir(Argc, Argv)) {
    std::string Exe = llvm::sys::fs::getMainExecutable(
        Argv[0], reinterpret_cast<void *>(&printVersion));
    if (!hasInclude(clang::driver::Driver::GetResourcesPath(Exe)) &&
        hasInclude(SSPI_CLANG_RESOURCE_DIR)) {
      ResourceArg = std::string("--extra-arg-before=-resource-dir=") +
                    SSPI_CLANG_RESOURCE_DIR;
      Args.insert(Args.begin() + 1, ResourceArg.c_str());
    }
  }
  Args.push_back(nullptr);
  return clang::tidy::clangTidyMain(static_cast<int>(Args.size() - 1),
                                    Args.data());
}
