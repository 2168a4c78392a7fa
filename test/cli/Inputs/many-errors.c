/* Input of test/cli/error-limit.test: 25 compiler errors, more than clang's
   default limit of 20 (-ferror-limit=19 plus the fatal one). */
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

int broken00(void) { return undeclared00; }
int broken01(void) { return undeclared01; }
int broken02(void) { return undeclared02; }
int broken03(void) { return undeclared03; }
int broken04(void) { return undeclared04; }
int broken05(void) { return undeclared05; }
int broken06(void) { return undeclared06; }
int broken07(void) { return undeclared07; }
int broken08(void) { return undeclared08; }
int broken09(void) { return undeclared09; }
int broken10(void) { return undeclared10; }
int broken11(void) { return undeclared11; }
int broken12(void) { return undeclared12; }
int broken13(void) { return undeclared13; }
int broken14(void) { return undeclared14; }
int broken15(void) { return undeclared15; }
int broken16(void) { return undeclared16; }
int broken17(void) { return undeclared17; }
int broken18(void) { return undeclared18; }
int broken19(void) { return undeclared19; }
int broken20(void) { return undeclared20; }
int broken21(void) { return undeclared21; }
int broken22(void) { return undeclared22; }
int broken23(void) { return undeclared23; }
int broken24(void) { return undeclared24; }
