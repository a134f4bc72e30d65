#pragma once

#include "sipcore/syntax/sipmessage.h"

#include <system_error>

namespace sipcore {

/// What the layer above learns about a request it is answering (SIP.js's
/// IncomingRequestDelegate). Called on the core thread; each method may dispose of the server.
class IncomingRequestDelegate
{
public:
    virtual ~IncomingRequestDelegate() = default;
    /// The caller cancelled this INVITE (RFC 3261 §9.2). The CANCEL was answered 200; unless
    /// this call sends a final response, the server answers the INVITE 487 right after it.
    virtual void onCancel(const Request &) {}
    /// A response could not be sent; the server transaction has ended.
    virtual void onTransportError(std::error_code) {}
    /// No PRACK came for a reliable provisional response within 64·T1 (RFC 3262 §3): the
    /// server has answered the INVITE 500.
    virtual void onPrackTimeout() {}
    /// The PRACK for our reliable provisional response arrived (RFC 3262 §3), before it is
    /// answered 200: its body answers an offer that response carried (§5).
    virtual void onPrack(const Request &) {}
};

} // namespace sipcore
