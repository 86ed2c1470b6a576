#include "nrf_wasm/protocol.h"
#include "auth.h"

bool nrfw_auth_allows(uint8_t type, const struct nrfw_link_state *ls)
{
	if (!ls->ble) {
		return true;
	}
	if (type == NWP_MSG_HELLO || type == NWP_MSG_PING) {
		return true;
	}
	return ls->encrypted && ls->bonded;
}
