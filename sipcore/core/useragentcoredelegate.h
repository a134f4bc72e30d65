#pragma once

#include <memory>

namespace sipcore {

class InviteUserAgentServer;

/// What the core hands to the layer above (SIP.js's UserAgentCoreDelegate). Called on the core
/// thread.
class UserAgentCoreDelegate
{
public:
    virtual ~UserAgentCoreDelegate() = default;
    /// An out-of-dialog INVITE (RFC 3261 §8.2). The delegate answers it through \a server, now
    /// or later; the server transaction sends 100 Trying if nothing is sent within 200 ms. A
    /// 2xx creates the session dialog (InviteUserAgentServer::accept()).
    virtual void onInvite(const std::shared_ptr<InviteUserAgentServer> &server) = 0;
};

} // namespace sipcore
