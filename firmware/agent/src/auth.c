#include "nrf_wasm/link.h"
#include "nrf_wasm/protocol.h"
#include "auth.h"

static bool open_type(uint8_t type)
{
	return type == NWP_MSG_HELLO || type == NWP_MSG_PING;
}

static bool wired_only(uint8_t type)
{
	return type == NWP_MSG_BOND_LIST || type == NWP_MSG_BOND_ERASE;
}

bool nrfw_auth_may_hold_session(uint8_t link, uint8_t sec)
{
	if (link != NRFW_LINK_BLE) {
		return true;
	}
	return (sec & NRFW_SEC_LEVEL_MASK) >= NRFW_AUTH_BLE_LEVEL && (sec & NRFW_SEC_BONDED);
}

bool nrfw_auth_allows(uint8_t type, uint8_t link, uint8_t sec)
{
	if (wired_only(type)) {
		return link != NRFW_LINK_BLE;
	}
	return open_type(type) || nrfw_auth_may_hold_session(link, sec);
}

bool nrfw_auth_needs_session(uint8_t type)
{
	return !open_type(type) && !wired_only(type);
}
