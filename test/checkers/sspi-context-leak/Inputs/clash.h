/* A project's own copy of declarations that mingw-w64's headers already
   have, as some SSPI projects ship (their own sspi.h, an nt.h of Windows
   enumerators): each one is a compile error against mingw-w64, and none has
   anything to do with the code that uses SSPI. More than 20 of them: clang
   would stop after 20 errors unless told otherwise (-ferror-limit=0). */
typedef struct _SecPkgContext_Bindings {
  unsigned long BindingsLength;
  void *Bindings;
} SecPkgContext_Bindings;
typedef enum {
  SecurityAnonymous, SecurityIdentification, SecurityImpersonation,
  SecurityDelegation
} PROJECT_IMPERSONATION_LEVEL;
typedef enum { TokenPrimary = 1, TokenImpersonation } PROJECT_TOKEN_TYPE;
typedef enum {
  SidTypeUser = 1, SidTypeGroup, SidTypeDomain, SidTypeAlias,
  SidTypeWellKnownGroup, SidTypeDeletedAccount, SidTypeInvalid,
  SidTypeUnknown, SidTypeComputer, SidTypeLabel
} PROJECT_SID_NAME_USE;
typedef enum {
  TokenUser = 1, TokenGroups, TokenPrivileges, TokenOwner, TokenPrimaryGroup,
  TokenDefaultDacl, TokenSource, TokenType, TokenImpersonationLevel,
  TokenStatistics
} PROJECT_TOKEN_INFORMATION_CLASS;
