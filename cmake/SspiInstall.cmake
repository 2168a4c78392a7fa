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
