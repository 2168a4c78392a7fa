//===- SspiClangdMain.cpp - clangd with the sspi-* checks built in --------===//
//
// clangd cannot load clang-tidy plugins (clangd/clangd#1458). This is clangd's
// own main linked with our module's objects, so an editor pointed at it runs
// sspi-* like any built-in clang-tidy check (enable them in .clangd / .clang-tidy;
// see docs/editors.md).
//
//===----------------------------------------------------------------------===//
namespace clang::clangd {
int clangdMain(int argc, char *argv[]);
} // namespace clang::clangd

int main(int argc, char *argv[]) { return clang::clangd::clangdMain(argc, argv); }
