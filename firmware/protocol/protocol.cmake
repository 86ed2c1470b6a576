# The protocol codec's sources and include directory, for any build that wants to compile them
# itself (include() this file): the host tests, the fuzz target, the benchmark.
set(NWP_PROTOCOL_DIR ${CMAKE_CURRENT_LIST_DIR})
set(NWP_PROTOCOL_INCLUDE_DIRS ${NWP_PROTOCOL_DIR}/include)
set(NWP_PROTOCOL_SOURCES
  ${NWP_PROTOCOL_DIR}/src/codec.c
  ${NWP_PROTOCOL_DIR}/src/reader.c
  ${NWP_PROTOCOL_DIR}/src/cobs.c
  ${NWP_PROTOCOL_DIR}/src/crc32.c
)
