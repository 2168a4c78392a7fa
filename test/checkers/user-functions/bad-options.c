// Malformed entries are reported once, by the check that owns the option,
// and skipped; the valid entries still work.
// RUN: %sspi_tidy %s --config="{CheckOptions: {sspi-context-leak.ReleaseFunctions: 'CloseContext;Shut:x;Drop:0:always', sspi-credential-leak.AcquireFunctions: 'GetCred:1:cred=0'}}" -- %win_flags 2>&1 | %FileCheck %s --implicit-check-not="{{warning|note|error}}:"
// CHECK-DAG: warning: option 'sspi-context-leak.ReleaseFunctions': invalid entry 'CloseContext': expected Name:Argument with a 0-based argument number [clang-tidy-config]
// CHECK-DAG: warning: option 'sspi-context-leak.ReleaseFunctions': invalid entry 'Shut:x': expected Name:Argument with a 0-based argument number [clang-tidy-config]
// CHECK-DAG: warning: option 'sspi-context-leak.ReleaseFunctions': invalid entry 'Drop:0:always': release functions take no modifiers [clang-tidy-config]
// CHECK-DAG: warning: option 'sspi-credential-leak.AcquireFunctions': invalid entry 'GetCred:1:cred=0': unknown modifier 'cred=0' (expected status, zero, nonzero, always) [clang-tidy-config]
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

void f(void) {}
