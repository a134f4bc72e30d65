#pragma once

#include <memory>

namespace sipcore {

class InviteUserAgentServer;
class UserAgentServer;

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
    /// An out-of-dialog MESSAGE (RFC 3428). Returns false when the delegate does not take
    /// messages (the default): the core answers 405 then. Otherwise \a server must get a
    /// final response.
    virtual bool onMessage(const std::shared_ptr<UserAgentServer> & /*server*/) { return false; }
    /// An out-of-dialog SUBSCRIBE (RFC 6665 §4.2.1). Returns false when the delegate serves no
    /// event package (the default): the core answers 489 with Allow-Events then. Otherwise
    /// \a server must get a final response.
    virtual bool onSubscribe(const std::shared_ptr<UserAgentServer> & /*server*/) { return false; }
};

} // namespace sipcore
