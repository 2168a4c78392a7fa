# Included at the end of CMakeLists.txt: what the tools print for --version,
# `cmake --install`, and the Debian package (cpack -G DEB).

# -- version header (tools/SspiTidyMain.cpp, tools/SspiClangdMain.cpp) ------
# clang's resource directory of the LLVM we build against: the standalone
# binaries use it when there is none next to them (build/, /usr/local/bin).
set(SSPI_CLANG_RESOURCE_DIR "${LLVM_LIBRARY_DIR}/clang/${LLVM_VERSION_MAJOR}")
if(NOT EXISTS "${SSPI_CLANG_RESOURCE_DIR}/include")
  set(SSPI_CLANG_RESOURCE_DIR "${SSPI_LLVM_ROOT}/lib/clang/${LLVM_VERSION_MAJOR}")
endif()
set(SSPI_GENERATED_DIR "${CMAKE_BINARY_DIR}/generated")
add_custom_target(sspi-version ALL
  COMMAND ${CMAKE_COMMAND} "-DSRC=${CMAKE_SOURCE_DIR}"
    "-DOUT=${SSPI_GENERATED_DIR}/SspiVersion.h" "-DVERSION=${PROJECT_VERSION}"
    "-DPYTHON=${Python3_EXECUTABLE}" "-DRESOURCE_DIR=${SSPI_CLANG_RESOURCE_DIR}"
    -P "${CMAKE_SOURCE_DIR}/cmake/SspiVersion.cmake"
  BYPRODUCTS "${SSPI_GENERATED_DIR}/SspiVersion.h"
  COMMENT "sspi-tidy version header"
  VERBATIM)
foreach(t sspi-tidy-bin sspi-clangd)
  if(TARGET ${t})
    add_dependencies(${t} sspi-version)
    target_include_directories(${t} PRIVATE "${SSPI_GENERATED_DIR}")
    target_include_directories(${t} SYSTEM PRIVATE ${LLVM_INCLUDE_DIRS} ${CLANG_INCLUDE_DIRS})
  endif()
endforeach()

# -- cmake --install ----------------------------------------------------------
# <prefix>/bin/sspi-tidy (the standalone binary), <prefix>/bin/sspi-clangd,
# <prefix>/lib/sspi-tidy/libsspi-tidy.so (the plugin for clang-tidy-N
# --load), the docs (the check pages, which sspi-clangd links to when the
# build had no repository URL). The binaries find clang's resource directory
# next to themselves (/usr/bin -> /usr/lib/clang/N on Debian) or use the one
# of the LLVM they were built with (SSPI_CLANG_RESOURCE_DIR): no flags needed.
include(GNUInstallDirs)
if(TARGET sspi-tidy-bin)
  install(PROGRAMS "$<TARGET_FILE:sspi-tidy-bin>" DESTINATION "${CMAKE_INSTALL_BINDIR}"
    RENAME sspi-tidy)
endif()
if(TARGET sspi-clangd)
  install(PROGRAMS "$<TARGET_FILE:sspi-clangd>" DESTINATION "${CMAKE_INSTALL_BINDIR}")
endif()
install(TARGETS sspi-tidy-module LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}/sspi-tidy")
install(FILES README.md DESTINATION "${CMAKE_INSTALL_DOCDIR}")
install(DIRECTORY docs/ DESTINATION "${CMAKE_INSTALL_DOCDIR}" FILES_MATCHING PATTERN "*.md")

# -- cpack -G DEB: a Debian package ---------------------------------------------
# Depends: the LLVM runtime libraries the binaries link (dpkg-shlibdeps finds
# libllvmN, libclang-cppN, and sspi-clangd's gRPC/protobuf/Abseil), clang's
# resource headers (libclang-common-N-dev) and the mingw-w64 headers the
# Windows sources are parsed against.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME sspi-tidy)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_CONTACT "sspi-tidy developers <sspi-tidy@example.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "clang-tidy checks for Windows SSPI handle lifecycles (sspi-*)")
set(CPACK_PACKAGE_DESCRIPTION
  "sspi-tidy follows SSPI credential and security context handles, package buffers and impersonation along every path of a function and reports leaks, double releases, uses after release and wrong release order. It installs sspi-tidy (clang-tidy ${LLVM_VERSION_MAJOR} with the sspi-* checks built in), sspi-clangd (clangd with them, for editors) and libsspi-tidy.so (a plugin for clang-tidy-${LLVM_VERSION_MAJOR} --load).")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# (libllvmN by name too: dpkg-shlibdeps leaves it out, as libclang-cppN
# depends on it.)
set(CPACK_DEBIAN_PACKAGE_DEPENDS
  "libllvm${LLVM_VERSION_MAJOR}, libclang-common-${LLVM_VERSION_MAJOR}-dev, mingw-w64-x86-64-dev")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
  "g++-mingw-w64-x86-64-posix, clang-tidy-${LLVM_VERSION_MAJOR}")
include(CPack)
