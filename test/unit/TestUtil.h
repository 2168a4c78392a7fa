//===- TestUtil.h - ASTs with the mingw headers -----------------*- C++ -*-===//
#ifndef SSPI_TIDY_TEST_TESTUTIL_H
#define SSPI_TIDY_TEST_TESTUTIL_H

#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/Tooling.h"
#include <memory>
#include <string>
#include <vector>

namespace sspi {
namespace test {

/// Parses Code as a Windows C (or C++) file with the mingw-w64 headers;
/// `#define SECURITY_WIN32` and the SSPI includes are prepended.
inline std::unique_ptr<clang::ASTUnit> parseWindows(const std::string &Code,
                                                    bool Cxx = false) {
  std::string Full = "#define SECURITY_WIN32\n#include <windows.h>\n"
                     "#include <sspi.h>\n" +
                     Code;
  std::vector<std::string> Args = {
      "--target=x86_64-w64-mingw32", "-isystem",
      SSPI_TEST_MINGW_INCLUDE,       "-resource-dir",
      SSPI_TEST_RESOURCE_DIR,        Cxx ? "-std=c++17" : "-std=c11"};
  return clang::tooling::buildASTFromCodeWithArgs(
      Full, Args, Cxx ? "input.cpp" : "input.c");
}

} // namespace test
} // namespace sspi

#endif
