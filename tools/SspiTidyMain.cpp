//===- SspiTidyMain.cpp - clang-tidy with the sspi-* checks built in ------===//
//
// For platforms whose clang-tidy cannot --load plugins: this is clang-tidy's
// own main, with every upstream check plus sspi-* (the module's registration
// is linked in as object files).
//
//===----------------------------------------------------------------------===//
#include "clang-tidy/tool/ClangTidyMain.h"

int main(int argc, const char **argv) {
  return clang::tidy::clangTidyMain(argc, argv);
}
