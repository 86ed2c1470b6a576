# The debug agent's sources and include directory (portable C11), for builds that compile them
# themselves: include() this file. No Zephyr, no WAMR: the VM and the platform are link-time
# interfaces (include/nrf_wasm/vm.h, include/nrf_wasm/platform.h) the including build provides.
set(NRFW_AGENT_DIR ${CMAKE_CURRENT_LIST_DIR})
set(NRFW_AGENT_INCLUDE_DIRS ${NRFW_AGENT_DIR}/include)
set(NRFW_AGENT_PRIVATE_INCLUDE_DIRS ${NRFW_AGENT_DIR}/src)
set(NRFW_AGENT_SOURCES
  ${NRFW_AGENT_DIR}/src/agent.c
  ${NRFW_AGENT_DIR}/src/store.c
  ${NRFW_AGENT_DIR}/src/wasm_scan.c
  ${NRFW_AGENT_DIR}/src/bp.c
  ${NRFW_AGENT_DIR}/src/step.c
  ${NRFW_AGENT_DIR}/src/auth.c
  ${NRFW_AGENT_DIR}/src/link.c
  ${NRFW_AGENT_DIR}/src/pairing.c
  ${NRFW_AGENT_DIR}/src/cond.c
  ${NRFW_AGENT_DIR}/src/txpack.c
)
# SHA-256: the portable one, or with NRFW_SHA256_PSA the platform's PSA Crypto (the including
# build then defines NRFW_SHA256_PSA for the agent's users and provides psa/crypto.h).
if(NRFW_SHA256_PSA)
  list(APPEND NRFW_AGENT_SOURCES ${NRFW_AGENT_DIR}/src/sha256_psa.c)
else()
  list(APPEND NRFW_AGENT_SOURCES ${NRFW_AGENT_DIR}/src/sha256.c)
endif()
