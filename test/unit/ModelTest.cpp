//===- ModelTest.cpp - Unit tests for the SSPI API model ------------------===//
#include "TestUtil.h"
#include "model/UserApi.h"

#include "clang/AST/RecursiveASTVisitor.h"
#include "gtest/gtest.h"

using namespace sspi::model;

namespace {

TEST(SspiApiModel, NamesAndVariants) {
  for (const char *N :
       {"AcquireCredentialsHandleA", "AcquireCredentialsHandleW",
        "AcquireCredentialsHandle"}) {
    const ApiInfo *I = lookupFunction(N);
    ASSERT_NE(I, nullptr) << N;
    EXPECT_EQ(I->Op, ApiOp::AcquireCredentials);
    EXPECT_EQ(I->HandleArg, 7);
    EXPECT_EQ(I->kind(), HandleKind::Credential);
  }
  const ApiInfo *Isc = lookupFunction("InitializeSecurityContextA");
  ASSERT_NE(Isc, nullptr);
  EXPECT_EQ(Isc->HandleArg, 8);
  EXPECT_EQ(Isc->InputCtxArg, 1);
  EXPECT_EQ(Isc->CredArg, 0);
  const ApiInfo *Asc = lookupFunction("AcceptSecurityContext");
  ASSERT_NE(Asc, nullptr);
  EXPECT_EQ(Asc->HandleArg, 5);
  EXPECT_EQ(lookupFunction("FreeCredentialHandle"),
            lookupFunction("FreeCredentialsHandle"));
  EXPECT_TRUE(lookupFunction("DeleteSecurityContext")->releases());
  EXPECT_EQ(lookupFunction("DeleteSecurityContext")->kind(),
            HandleKind::Context);
  EXPECT_EQ(lookupFunction("CreateFileA"), nullptr);
  EXPECT_EQ(lookupFnTypedef("DELETE_SECURITY_CONTEXT_FN"),
            lookupFunction("DeleteSecurityContext"));
  EXPECT_EQ(lookupFnTypedef("INITIALIZE_SECURITY_CONTEXT_FN_A"), Isc);
}

TEST(SspiApiModel, StatusClasses) {
  EXPECT_EQ(classifyStatus(0), SC_Ok);
  EXPECT_EQ(classifyStatus(0x00090312), SC_ContinueNeeded);
  EXPECT_EQ(classifyStatus(0x00090313), SC_CompleteNeeded);
  EXPECT_EQ(classifyStatus(0x00090314), SC_CompleteAndContinue);
  EXPECT_EQ(classifyStatus(0x00090320), SC_IncompleteCredentials);
  // (HRESULT)0x80090318 arrives sign-extended or not depending on the cast.
  EXPECT_EQ(classifyStatus(static_cast<int32_t>(0x80090318u)),
            SC_IncompleteMessage);
  EXPECT_EQ(classifyStatus(0x80090318u), SC_IncompleteMessage);
  EXPECT_EQ(classifyStatus(static_cast<int32_t>(0x8009030Cu)),
            SC_OtherNegative); // SEC_E_LOGON_DENIED
  EXPECT_EQ(classifyStatus(1), SC_OtherPositive);
  EXPECT_TRUE(isSingletonClass(SC_Ok));
  EXPECT_FALSE(isSingletonClass(SC_OtherNegative));
  int64_t Lo, Hi;
  classRange(SC_OtherNegative, Lo, Hi);
  EXPECT_LT(Lo, 0);
  EXPECT_EQ(Hi, -1);
}

TEST(SspiApiModel, CreationOutcomes) {
  CreationOutcome Ach =
      creationOutcome(*lookupFunction("AcquireCredentialsHandleW"));
  EXPECT_EQ(Ach.Created, SuccessStatus);
  EXPECT_EQ(Ach.Maybe, 0);
  CreationOutcome Isc =
      creationOutcome(*lookupFunction("InitializeSecurityContextW"));
  EXPECT_TRUE(Isc.Created & SC_ContinueNeeded);
  EXPECT_TRUE(Isc.Maybe & SC_IncompleteMessage);
  EXPECT_FALSE((Isc.Created | Isc.Maybe) & SC_OtherNegative);
}

/// Collects what classifyCall says about every call in a TU.
class CallNames : public clang::RecursiveASTVisitor<CallNames> {
public:
  bool VisitCallExpr(clang::CallExpr *C) {
    if (auto A = classifyCall(C))
      Found.push_back(A->Info->Name.str() + "@" + A->Display);
    return true;
  }
  std::vector<std::string> Found;
};

TEST(SspiApiModel, ClassifiesEverySpelling) {
  auto AST = sspi::test::parseWindows(R"(
struct api { DELETE_SECURITY_CONTEXT_FN del; };
static FREE_CREDENTIALS_HANDLE_FN pfnFree;
void f(PSecurityFunctionTableA ta, PSecurityFunctionTableW tw, struct api *a,
       CtxtHandle *h, CredHandle *c) {
  DeleteSecurityContext(h);
  ta->FreeCredentialHandle(c);
  tw->FreeCredentialsHandle(c);
  (*tw->DeleteSecurityContext)(h);
  a->del(h);
  pfnFree(c);
  QueryContextAttributesW(h, 0, 0);
  CloseHandle(0);
}
)");
  ASSERT_TRUE(AST);
  CallNames V;
  V.TraverseDecl(AST->getASTContext().getTranslationUnitDecl());
  std::vector<std::string> Expected = {
      "DeleteSecurityContext@DeleteSecurityContext",
      "FreeCredentialsHandle@FreeCredentialsHandle", // A table, after the macro
      "FreeCredentialsHandle@FreeCredentialsHandle",
      "DeleteSecurityContext@DeleteSecurityContext",
      "DeleteSecurityContext@'del' (of type DELETE_SECURITY_CONTEXT_FN)",
      "FreeCredentialsHandle@'pfnFree' (of type FREE_CREDENTIALS_HANDLE_FN)",
      "QueryContextAttributesW@QueryContextAttributesW"};
  EXPECT_EQ(V.Found, Expected);
}

} // namespace
