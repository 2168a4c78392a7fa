// A long client handshake (Inputs/long-function.inc, about 450 lines): 40
// distinct error codes carried in `result` to one cleanup label, byte
// counts, a log level and a loop counter. None of them decides an SSPI
// event except through the branches that do, so they do not split paths
// (or, where they must, states that differ only in them are joined): the
// function is analysed in full. One late exit returns without the cleanup:
// reported with the path; the same function with that exit fixed is
// silent.
// RUN: env SSPI_TIDY_STATS=1 %sspi_tidy --header-filter=.* %s -- %win_flags -DLATE_EXIT_LEAKS 2>%t.leak.stats | %FileCheck %S/Inputs/long-function.inc --check-prefix=LEAK --implicit-check-not="{{warning|note|error}}:"
// RUN: env SSPI_TIDY_STATS=1 %sspi_tidy --header-filter=.* %s -- %win_flags 2>%t.fixed.stats | %FileCheck %s --allow-empty --check-prefix=FIXED --implicit-check-not="{{warning|note|error}}:"
// RUN: %FileCheck %s --check-prefix=STATS < %t.leak.stats
// RUN: %FileCheck %s --check-prefix=STATS < %t.fixed.stats
#define SECURITY_WIN32
#include <windows.h>
#include <sspi.h>

struct conn;
int read_header(struct conn *, char *, unsigned long);
int check_version(char);
int read_length(struct conn *, unsigned long *);
int check_length(unsigned long);
int alloc_buffer(char **, unsigned long);
int read_body(struct conn *, char *, unsigned long);
int parse_target(const char *, unsigned long, char *);
int lookup_service(const char *);
int select_package(const char *, char *);
int open_log(const char *);
int set_timeout(struct conn *, int);
int check_clock(int);
int negotiate_options(struct conn *, unsigned long *);
int check_flags(unsigned long);
int send_hello(struct conn *);
int read_ack(struct conn *, unsigned long *);
int check_ack(unsigned long);
int load_policy(const char *);
int check_policy(unsigned long);
int prepare_channel(struct conn *);
int check_session(struct conn *);
int read_welcome(struct conn *, unsigned long *);
int check_welcome(unsigned long);
int bind_channel(struct conn *);
int check_binding(unsigned long);
int set_keepalive(struct conn *);
int read_capabilities(struct conn *, unsigned long *);
int check_capabilities(unsigned long);
int store_session(struct conn *);
int verify_peer(struct conn *, const char *);
int send_ready(struct conn *);
int read_ready(struct conn *, unsigned long *);
int check_ready(unsigned long);
int finish(struct conn *);
int close_log(const char *);
int send_token(struct conn *, const void *, unsigned long);
int recv_token(struct conn *, char *, unsigned long, unsigned long *);
int verbose(void);
void log_msg(int level, const char *msg);
void log_count(int level, const char *what, unsigned long n);
void free_buffer(char *);

#ifdef LATE_EXIT_LEAKS
#define LATE_EXIT(code) return code
#else
#define LATE_EXIT(code)                                                        \
  do {                                                                         \
    result = code;                                                             \
    goto error;                                                                \
  } while (0)
#endif

#include "Inputs/long-function.inc"

// FIXED-NOT: warning
// STATS: sspi-tidy: handshake: blocks={{[0-9]+}} states={{[0-9]+}} max-states-per-block={{[0-9]+}} time-ms={{[0-9.]+}}
// STATS-NOT: skipped
// STATS: sspi-tidy: analysed 1 functions, {{[01]}} joined, 0 skipped, 0 with errors
