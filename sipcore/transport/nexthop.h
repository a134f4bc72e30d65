#pragma once

#include "sipcore/syntax/sipmessage.h"
#include "sipcore/transport/endpoint.h"

namespace sipcore {

/// Where a request goes next (RFC 3261 §8.1.2, §18.1.1; RFC 3263 arrives later): the first
/// Route if there is one, else the Request-URI; its host and port, 5060 (5061 for sips) when
/// no port is written.
Endpoint nextHopFor(const Request &request);

/// Where a response goes (RFC 3261 §18.2.2 for unreliable transports, RFC 3581): the top Via's
/// `received` address (else sent-by host) and its `rport` value (else sent-by port, else 5060).
Endpoint responseDestinationFor(const Via &topVia);

/// Adds `received` when the source address differs from the sent-by host and fills an empty
/// `rport` with the source port (RFC 3261 §18.2.1, RFC 3581 §4).
void stampReceived(Via &topVia, const Endpoint &source);

} // namespace sipcore
