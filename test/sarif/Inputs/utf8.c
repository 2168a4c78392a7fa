/* UTF-8 before the column: clang counts bytes, SARIF gets code points. */
static const char *greeting = "héllo wörld €"; int use = undeclared;
