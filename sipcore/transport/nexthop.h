#pragma once

#include "sipcore/syntax/sipmessage.h"
#include "sipcore/transport/endpoint.h"

namespace sipcore {

/// Where a request goes next and over what.
struct NextHop
{
    Endpoint endpoint;
    /// As written in Via: "UDP", "TCP", "TLS", "WS" or "WSS".
    std::string protocol;
    /// True when the URI demands this protocol (a transport parameter, or sips:), so that no
    /// other may carry the request; false for the UDP default, which a large request may
    /// trade for TCP (RFC 3261 §18.1.1).
    bool required = false;
};

/// Where a request goes next (RFC 3261 §8.1.2, §18.1.1, §26.2; RFC 3263 §4.1 without DNS):
/// the first Route if there is one, else the Request-URI. Its host and port, 5060 (5061 for
/// sips) when no port is written; its transport parameter, else TLS for sips and UDP for sip.
/// sips: with transport=tcp means TLS, and sips: allows no transport but TLS and WSS.
NextHop nextHopFor(const Request &request);

/// The URI a request goes to next: its first Route's, else its Request-URI.
Uri nextHopUri(const Request &request);

/// The next hop of a request for \a target (the Request-URI or first Route).
NextHop nextHopFor(const Uri &target);

/// Where a response goes (RFC 3261 §18.2.2 for unreliable transports, RFC 3581): the top Via's
/// `received` address (else sent-by host) and its `rport` value (else sent-by port, else 5060).
Endpoint responseDestinationFor(const Via &topVia);

/// Adds `received` when the source address differs from the sent-by host and fills an empty
/// `rport` with the source port (RFC 3261 §18.2.1, RFC 3581 §4).
void stampReceived(Via &topVia, const Endpoint &source);

} // namespace sipcore
