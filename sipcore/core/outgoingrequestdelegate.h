#pragma once

#include "sipcore/syntax/sipmessage.h"

#include <memory>

namespace sipcore {

class SessionDialog;
class SubscriptionDialog;

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

/// The SUBSCRIBE flavour (RFC 6665 §4.1.2.4): the NOTIFY that each notifier sends creates a
/// subscription dialog, even before the 2xx, and each fork of the SUBSCRIBE that sends one
/// creates its own.
class OutgoingSubscribeRequestDelegate : public OutgoingRequestDelegate
{
public:
    /// A NOTIFY created \a dialog: the delegate sets the dialog's delegate now, and the NOTIFY
    /// reaches that right after this returns.
    virtual void onSubscription(const std::shared_ptr<SubscriptionDialog> &dialog) = 0;
    /// Timer N (64·T1 from sending) ran out and no NOTIFY came: the subscription failed
    /// (§4.1.2.4). Not called after a final response other than 2xx.
    virtual void onNotifyTimeout() {}
};

} // namespace sipcore
