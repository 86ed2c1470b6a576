# The unit tests cross-built for the Cortex-M33 (toolchain file firmware/qemu-m33/
# toolchain-cortex-m33.cmake: the firmware's flags) and run on the emulated MPS2-AN505 through
# CMAKE_CROSSCOMPILING_EMULATOR: what the ARM build changes in portable code (32-bit sizes,
# alignment, -Os) shows in the host's own tests.
set(NRFW_M33_TESTS ON)
add_library(m33_start OBJECT ${CMAKE_CURRENT_LIST_DIR}/m33_start.c)
target_include_directories(m33_start PRIVATE ${CMAKE_CURRENT_LIST_DIR}/../../qemu-m33)
link_libraries($<TARGET_OBJECTS:m33_start> -Wl,--start-group c_nano rdimon_nano -Wl,--end-group)
add_link_options(-T${CMAKE_CURRENT_LIST_DIR}/m33_tests.ld)
set(CMAKE_CROSSCOMPILING_EMULATOR ${CMAKE_CURRENT_LIST_DIR}/qemu-run.sh)
