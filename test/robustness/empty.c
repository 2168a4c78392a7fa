// RUN: %sspi_tidy %s -- %win_flags 2>&1 | %FileCheck %s --allow-empty --implicit-check-not="{{warning|note|error}}:"
