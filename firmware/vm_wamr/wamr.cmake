# WAMR (classic interpreter) for the agent, with our debug hook patch.
#
# In:  WAMR_ROOT        WAMR 2.4.5 source tree (CMake variable, else the environment variable;
#                       the Zephyr build passes the west module's path). It is never modified:
#      NRFW_WAMR_HOOK   ON (default): firmware/patches/*.patch are applied to a copy of
#                       WAMR_ROOT's core/ and build-scripts/ in the build directory
#                       (${CMAKE_BINARY_DIR}/wamr-patched), redone when the patch or the
#                       source path changes. OFF: stock WAMR, no debugging (speed baseline).
#      WAMR_BUILD_PLATFORM, WAMR_BUILD_TARGET as WAMR wants them (set by the caller).
# Out: WAMR_RUNTIME_LIB_SOURCE (WAMR's sources, include directories set globally by
#      runtime_lib.cmake), NRFW_VM_WAMR_SOURCES, NRFW_VM_WAMR_DEFINITIONS.
if(NOT DEFINED WAMR_ROOT OR WAMR_ROOT STREQUAL "")
  set(WAMR_ROOT $ENV{WAMR_ROOT})
endif()
if(WAMR_ROOT STREQUAL "" OR NOT EXISTS ${WAMR_ROOT}/build-scripts/runtime_lib.cmake)
  message(FATAL_ERROR "WAMR_ROOT must point to a WAMR 2.4.5 source tree (got '${WAMR_ROOT}')")
endif()
option(NRFW_WAMR_HOOK "Build WAMR with the nrf-wasm debug hook patch" ON)

set(NRFW_FW_DIR ${CMAKE_CURRENT_LIST_DIR}/..)
file(GLOB NRFW_WAMR_PATCHES ${NRFW_FW_DIR}/patches/*.patch)
list(SORT NRFW_WAMR_PATCHES)

if(NRFW_WAMR_HOOK)
  set(_dst ${CMAKE_BINARY_DIR}/wamr-patched)
  set(_stamp "${WAMR_ROOT}")
  foreach(p ${NRFW_WAMR_PATCHES})
    file(SHA256 ${p} _h)
    string(APPEND _stamp "|${_h}")
  endforeach()
  set(_old "")
  if(EXISTS ${_dst}/.nrfw-stamp)
    file(READ ${_dst}/.nrfw-stamp _old)
  endif()
  if(NOT _old STREQUAL _stamp)
    message(STATUS "nrf-wasm: patching a copy of ${WAMR_ROOT} into ${_dst}")
    file(REMOVE_RECURSE ${_dst})
    file(COPY ${WAMR_ROOT}/core ${WAMR_ROOT}/build-scripts DESTINATION ${_dst})
    # The copy is its own git repository so that `git apply` works wherever the build
    # directory is (inside another repository, git apply would resolve paths from its top).
    find_program(GIT git)
    find_program(PATCH patch)
    if(GIT)
      execute_process(COMMAND ${GIT} init -q WORKING_DIRECTORY ${_dst})
    endif()
    foreach(p ${NRFW_WAMR_PATCHES})
      if(GIT)
        execute_process(COMMAND ${GIT} apply --check ${p} WORKING_DIRECTORY ${_dst}
          RESULT_VARIABLE rc ERROR_VARIABLE out)
        if(rc EQUAL 0)
          execute_process(COMMAND ${GIT} apply ${p} WORKING_DIRECTORY ${_dst} RESULT_VARIABLE rc)
        endif()
      elseif(PATCH)
        execute_process(COMMAND ${PATCH} -p1 --forward -i ${p} WORKING_DIRECTORY ${_dst}
          RESULT_VARIABLE rc ERROR_VARIABLE out)
      else()
        message(FATAL_ERROR "nrf-wasm: need git or patch to apply ${p}")
      endif()
      if(NOT rc EQUAL 0)
        message(FATAL_ERROR "nrf-wasm: ${p} does not apply to ${WAMR_ROOT} (WAMR 2.4.5 expected): ${out}")
      endif()
    endforeach()
    file(WRITE ${_dst}/.nrfw-stamp "${_stamp}")
  endif()
  set(WAMR_ROOT_DIR ${_dst})
  set(NRFW_VM_WAMR_DEFINITIONS WASM_ENABLE_DEBUG_HOOK=1 NRFW_WAMR_HOOK=1)
else()
  set(WAMR_ROOT_DIR ${WAMR_ROOT})
  set(NRFW_VM_WAMR_DEFINITIONS NRFW_WAMR_HOOK=0)
endif()

# Classic interpreter only: the hook lives there, and it is the smallest.
set(WAMR_BUILD_INTERP 1)
set(WAMR_BUILD_FAST_INTERP 0)
set(WAMR_BUILD_AOT 0)
set(WAMR_BUILD_JIT 0)
set(WAMR_BUILD_FAST_JIT 0)
set(WAMR_BUILD_LIBC_BUILTIN 0)
set(WAMR_BUILD_LIBC_WASI 0)
set(WAMR_BUILD_MULTI_MODULE 0)
set(WAMR_BUILD_THREAD_MGR 0)
set(WAMR_BUILD_SHARED_MEMORY 0)
set(WAMR_BUILD_DEBUG_INTERP 0)
set(WAMR_BUILD_SIMD 0)
# Software bounds checks, as on a Cortex-M without an MMU: the host build then measures what
# the board runs (and valgrind can follow it).
set(WAMR_DISABLE_HW_BOUND_CHECK 1)
set(WAMR_DISABLE_STACK_HW_BOUND_CHECK 1)
# The classic interpreter never reads the x86 GS base that WAMR writes the linear memory's
# address into (for AOT); valgrind cannot run `wrgsbase`, so a module with a memory would kill
# the callgrind runs of the benches (bench/debug-speed.ts). No effect off x86-64 Linux.
set(WAMR_DISABLE_WRITE_GS_BASE 1)
include(${WAMR_ROOT_DIR}/build-scripts/runtime_lib.cmake)

set(NRFW_VM_WAMR_SOURCES
  ${CMAKE_CURRENT_LIST_DIR}/vm_wamr.c
  ${CMAKE_CURRENT_LIST_DIR}/natives.c
)
set(NRFW_VM_WAMR_INCLUDE_DIRS ${CMAKE_CURRENT_LIST_DIR} ${WAMR_ROOT_DIR}/core/iwasm/interpreter)
