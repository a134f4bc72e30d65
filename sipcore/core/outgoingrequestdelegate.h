#pragma once

#include "sipcore/syntax/sipmessage.h"

#include <memory>

namespace sipcore {

class SessionDialog;

/// What the layer above learns about a request it sent (SIP.js's OutgoingRequestDelegate).
/// Called on the core thread; each method may dispose of the request. Timeouts arrive as a
/// synthetic 408 and transport errors as a synthetic 503 through onReject.
class OutgoingRequestDelegate
{
public:
    virtual ~OutgoingRequestDelegate() = default;
    /// A 100 Trying.
    virtual void onTrying(const Response &) {}
    /// A provisional response other than 100 (180, 183, …).
    virtual void onProgress(const Response &) {}
    /// A 2xx (for INVITE see OutgoingInviteRequestDelegate::onAcceptSession).
    virtual void onAccept(const Response &) {}
    /// A 3xx.
    virtual void onRedirect(const Response &) {}
    /// A 4xx, 5xx or 6xx, or a synthetic 408/503.
    virtual void onReject(const Response &) {}
};

/// The INVITE flavour: a 2xx comes with the confirmed session dialog it created. The delegate
/// must ack() that dialog (RFC 3261 §13.2.2.4) and may then bye() it.
class OutgoingInviteRequestDelegate : public OutgoingRequestDelegate
{
public:
    virtual void onAcceptSession(const Response &response,
                                 const std::shared_ptr<SessionDialog> &session)
            = 0;
};

} // namespace sipcore
