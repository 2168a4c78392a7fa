//===- Status.cpp - SECURITY_STATUS values as classes ---------------------===//
#include "Status.h"

namespace sspi {
namespace model {

StatusClass classifyStatus(int64_t V) {
  // SECURITY_STATUS is a 32-bit LONG; normalise (HRESULT)0x80090318 etc.
  int32_t S = static_cast<int32_t>(static_cast<uint32_t>(V));
  switch (static_cast<uint32_t>(S)) {
  case 0x00000000u:
    return SC_Ok;
  case 0x00090312u:
    return SC_ContinueNeeded;
  case 0x00090313u:
    return SC_CompleteNeeded;
  case 0x00090314u:
    return SC_CompleteAndContinue;
  case 0x00090320u:
    return SC_IncompleteCredentials;
  case 0x80090318u:
    return SC_IncompleteMessage;
  default:
    return S > 0 ? SC_OtherPositive : SC_OtherNegative;
  }
}

bool isSingletonClass(StatusClass C) {
  return C != SC_OtherPositive && C != SC_OtherNegative;
}

void classRange(StatusClass C, int64_t &Lo, int64_t &Hi) {
  switch (C) {
  case SC_Ok:
    Lo = Hi = 0;
    return;
  case SC_ContinueNeeded:
    Lo = Hi = 0x00090312;
    return;
  case SC_CompleteNeeded:
    Lo = Hi = 0x00090313;
    return;
  case SC_CompleteAndContinue:
    Lo = Hi = 0x00090314;
    return;
  case SC_IncompleteCredentials:
    Lo = Hi = 0x00090320;
    return;
  case SC_IncompleteMessage:
    Lo = Hi = static_cast<int32_t>(0x80090318u);
    return;
  case SC_OtherPositive:
    Lo = 1;
    Hi = INT32_MAX;
    return;
  case SC_OtherNegative:
    Lo = INT32_MIN;
    Hi = -1;
    return;
  }
}

} // namespace model
} // namespace sspi
