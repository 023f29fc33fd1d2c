# SPDX-License-Identifier: MIT
# Install rules, the CMake package (find_package(tcpc) -> tcpc::tcpc, and
# tcpc::tls where OpenSSL is found), pkg-config files (tcpc, tcpc-tls) and
# the Debian package (cpack -G DEB).
include(CMakePackageConfigHelpers)

set(TCPC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/tcpc)

# Two export sets, so that tcpcConfig.cmake loads tcpc::tls (and looks for
# OpenSSL) only when asked: a consumer of tcpc::tcpc alone needs no OpenSSL.
install(TARGETS tcpc EXPORT tcpcTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS tcpc_tls EXPORT tcpcTlsTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/tcpc DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/include/tcpc/version.hpp
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/tcpc)
install(EXPORT tcpcTargets NAMESPACE tcpc:: DESTINATION ${TCPC_CMAKE_DIR})
install(EXPORT tcpcTlsTargets NAMESPACE tcpc:: DESTINATION ${TCPC_CMAKE_DIR})

# A static libtcpc with fmt compiled in (TCPC_FMT_COMPILED, ../CMakeLists.txt)
# has everything of fmt it uses inside: its consumers need no fmt package.
if(TCPC_FMT_COMPILED)
  set(TCPC_FIND_FMT "")
  set(TCPC_PC_REQUIRES_FMT "")
else()
  set(TCPC_FIND_FMT "find_dependency(fmt)")
  set(TCPC_PC_REQUIRES_FMT "Requires.private: fmt")
endif()
configure_package_config_file(cmake/tcpcConfig.cmake.in
  ${PROJECT_BINARY_DIR}/tcpcConfig.cmake INSTALL_DESTINATION ${TCPC_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/tcpcConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/tcpcConfig.cmake ${PROJECT_BINARY_DIR}/tcpcConfigVersion.cmake
  DESTINATION ${TCPC_CMAKE_DIR})

file(RELATIVE_PATH TCPC_PC_PREFIX_FROM_PCDIR ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" TCPC_PC_PREFIX_FROM_PCDIR "${TCPC_PC_PREFIX_FROM_PCDIR}")
configure_file(cmake/tcpc.pc.in ${PROJECT_BINARY_DIR}/tcpc.pc @ONLY)
configure_file(cmake/tcpc-tls.pc.in ${PROJECT_BINARY_DIR}/tcpc-tls.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/tcpc.pc ${PROJECT_BINARY_DIR}/tcpc-tls.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

if(TARGET tcpc_cli)
  install(TARGETS tcpc_cli tcpc_cli_tls RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  # `man tcpc` and tab completion (the .mo catalogs: po/CMakeLists.txt).
  # The man page is installed gzipped, as Debian policy (12.1) asks of a
  # package and every man reader understands; -n keeps the .gz reproducible.
  find_program(TCPC_GZIP gzip)
  if(TCPC_GZIP)
    set(TCPC_MAN_PAGE ${PROJECT_BINARY_DIR}/tcpc.1.gz)
    add_custom_command(OUTPUT ${TCPC_MAN_PAGE}
      COMMAND sh -c "\"$0\" -9 -n -c \"$1\" > \"$2\"" ${TCPC_GZIP}
              ${PROJECT_SOURCE_DIR}/docs/tcpc.1 ${TCPC_MAN_PAGE}
      DEPENDS ${PROJECT_SOURCE_DIR}/docs/tcpc.1 VERBATIM)
    add_custom_target(tcpc_man_page ALL DEPENDS ${TCPC_MAN_PAGE})
  else()
    set(TCPC_MAN_PAGE ${PROJECT_SOURCE_DIR}/docs/tcpc.1)
  endif()
  install(FILES ${TCPC_MAN_PAGE} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES completions/tcpc.bash RENAME tcpc
    DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/bash-completion/completions)
  install(FILES completions/_tcpc DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/zsh/vendor-completions)
endif()

# Debian package: dependencies come from dpkg-shlibdeps on the installed files.
set(CPACK_PACKAGE_NAME tcpc)
set(CPACK_PACKAGE_VENDOR "tcpc authors")
set(CPACK_PACKAGE_CONTACT "tcpc authors <tcpc@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://example.invalid/tcpc")
include(CPack)
