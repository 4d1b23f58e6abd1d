# Test registration. Every tests/unit/test_*.c is one cmocka executable and one
# CTest test; tests/support/*.c (audio analysis helpers) is linked into each.
# tests/integration/*.sh run against the built `phonon` with PHONON and SHARED set.
file(GLOB TEST_SUPPORT_SOURCES CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/support/*.c")
add_library(phonon_test_support STATIC ${TEST_SUPPORT_SOURCES} "${CMAKE_SOURCE_DIR}/tests/support/empty.c")
target_include_directories(phonon_test_support PUBLIC "${CMAKE_SOURCE_DIR}/tests/support")
target_link_libraries(phonon_test_support PUBLIC phonon_lib PkgConfig::CMOCKA)

file(GLOB UNIT_TESTS CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/unit/test_*.c")
foreach(src ${UNIT_TESTS})
  get_filename_component(name ${src} NAME_WE)
  add_executable(${name} ${src})
  target_link_libraries(${name} PRIVATE phonon_test_support)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_BINARY_DIR}/tests")
  add_test(NAME unit/${name} COMMAND ${name})
  set_tests_properties(unit/${name} PROPERTIES
    ENVIRONMENT "PHONON=$<TARGET_FILE:phonon>;PHONON_SOURCE=${CMAKE_SOURCE_DIR};PHONON_SHARED=${PHONON_SHARED}"
    TIMEOUT 300)
endforeach()

file(GLOB INTEGRATION_TESTS CONFIGURE_DEPENDS "${CMAKE_SOURCE_DIR}/tests/integration/*.sh")
foreach(script ${INTEGRATION_TESTS})
  get_filename_component(name ${script} NAME_WE)
  add_test(NAME integration/${name} COMMAND bash ${script})
  set_tests_properties(integration/${name} PROPERTIES
    ENVIRONMENT "PHONON=$<TARGET_FILE:phonon>;PHONON_SOURCE=${CMAKE_SOURCE_DIR};PHONON_SHARED=${PHONON_SHARED};PHONON_BUILD=${CMAKE_BINARY_DIR}"
    TIMEOUT 600)
endforeach()

# Strudel conformance (the shared corpus); skipped cleanly when shared/ is absent.
set(conf "${PHONON_SHARED}/conformance")
if(EXISTS "${conf}/mini/compare.sh")
  add_test(NAME conformance/mini
    COMMAND bash "${conf}/mini/compare.sh" -q "$<TARGET_FILE:phonon> query --cycles 4")
  add_test(NAME conformance/mini_rejected
    COMMAND bash "${conf}/mini/compare.sh" -q "$<TARGET_FILE:phonon> query --cycles 4"
            "${conf}/mini/rejected_patterns.txt")
endif()
if(EXISTS "${conf}/transforms/compare.sh")
  add_test(NAME conformance/transforms
    COMMAND bash "${conf}/transforms/compare.sh" -q "$<TARGET_FILE:phonon> query --cycles 4")
endif()
