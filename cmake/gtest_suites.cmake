# Included by ctest (TEST_INCLUDE_FILES) with `binary` and `directory` set: registers one test per
# GoogleTest suite of `binary`, run as `binary --gtest_filter=Suite.*`. A suite's tests still pass
# or fail one by one in its output; `ctest -R` selects suites.
if(NOT EXISTS "${binary}")
  add_test("${binary}_NOT_BUILT" "${binary}")
  return()
endif()
execute_process(COMMAND "${binary}" --gtest_list_tests
                WORKING_DIRECTORY "${directory}"
                OUTPUT_VARIABLE listing
                RESULT_VARIABLE status
                TIMEOUT 60)
if(NOT status EQUAL 0)
  add_test("${binary}_CANNOT_LIST_ITS_TESTS" "${binary}" --gtest_list_tests)
  return()
endif()
# Scratch files go under the build tree, not /tmp: a failed test's files stay there for a look.
set(scratch "${directory}/scratch")
file(MAKE_DIRECTORY "${scratch}")
string(REPLACE "\n" ";" lines "${listing}")
foreach(line IN LISTS lines)
  # A suite line is "Suite." or "Prefix/Suite.  # TypeParam = ..."; test lines are indented.
  if(line MATCHES "^([^ ]+)\\.")
    set(suite "${CMAKE_MATCH_1}")
    add_test("${suite}" "${binary}" "--gtest_filter=${suite}.*")
    set_tests_properties("${suite}" PROPERTIES WORKING_DIRECTORY "${directory}" TIMEOUT 600
                                             ENVIRONMENT "TEST_TMPDIR=${scratch}")
  endif()
endforeach()
