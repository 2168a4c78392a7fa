//===- Status.h - SECURITY_STATUS values as classes -------------*- C++ -*-===//
//
// The engine constrains a status symbol to a set of classes. Each named
// code the lifecycle depends on is a class of its own; the rest of the
// positive and of the negative values are one class each.
//
//===----------------------------------------------------------------------===//
#ifndef SSPI_TIDY_MODEL_STATUS_H
#define SSPI_TIDY_MODEL_STATUS_H

#include <cstdint>

namespace sspi {
namespace model {

enum StatusClass : uint8_t {
  SC_Ok = 1 << 0,                    ///< SEC_E_OK (0)
  SC_ContinueNeeded = 1 << 1,        ///< SEC_I_CONTINUE_NEEDED
  SC_CompleteNeeded = 1 << 2,        ///< SEC_I_COMPLETE_NEEDED
  SC_CompleteAndContinue = 1 << 3,   ///< SEC_I_COMPLETE_AND_CONTINUE
  SC_IncompleteCredentials = 1 << 4, ///< SEC_I_INCOMPLETE_CREDENTIALS
  SC_OtherPositive = 1 << 5,         ///< any other value > 0
  SC_IncompleteMessage = 1 << 6,     ///< SEC_E_INCOMPLETE_MESSAGE (< 0)
  SC_OtherNegative = 1 << 7,         ///< any other value < 0
};
constexpr unsigned NumStatusClasses = 8;
using StatusMask = uint16_t;
constexpr StatusMask AllStatus = 0xFF;
constexpr StatusMask SuccessStatus =
    SC_Ok | SC_ContinueNeeded | SC_CompleteNeeded | SC_CompleteAndContinue |
    SC_IncompleteCredentials | SC_OtherPositive;
constexpr StatusMask FailureStatus = SC_IncompleteMessage | SC_OtherNegative;

/// The class of a 32-bit status value.
StatusClass classifyStatus(int64_t Value);
/// True for classes that hold exactly one value.
bool isSingletonClass(StatusClass C);
/// The values a class spans, as a closed interval.
void classRange(StatusClass C, int64_t &Lo, int64_t &Hi);

/// The outcome masks of a creating call: on which statuses the handle exists
/// for sure, and on which it may exist (the rest: nothing was created).
struct CreationOutcome {
  StatusMask Created;
  StatusMask Maybe;
};

} // namespace model
} // namespace sspi

#endif
