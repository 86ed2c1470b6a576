# WAMR platform layer for a bare-metal core (no OS, one thread): passed to WAMR's
# runtime_lib.cmake as SHARED_PLATFORM_CONFIG, so it lives here and not in WAMR's tree.
set(PLATFORM_SHARED_DIR ${CMAKE_CURRENT_LIST_DIR})
add_definitions(-DBH_PLATFORM_NRFW_BAREMETAL)
include_directories(${PLATFORM_SHARED_DIR})
include_directories(${WAMR_ROOT_DIR}/core/shared/platform/include)
set(PLATFORM_SHARED_SOURCE ${PLATFORM_SHARED_DIR}/baremetal_platform.c)
