#pragma once

#include "sipcore/core/useragentclient.h"
#include "sipcore/util/timer.h"

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sipcore {

class SubscriptionDialog;
class UserAgentServer;

/// The client of an initial SUBSCRIBE (RFC 6665 §4.1.2.1, SIP.js's SubscribeUserAgentClient).
/// Registers with the core as a subscriber under the SUBSCRIBE's Call-ID and From tag, so that
/// each NOTIFY that matches it (To tag = our From tag, the same Event) and no dialog yet
/// creates a SubscriptionDialog, handed to the delegate's onSubscription before the NOTIFY
/// reaches it. Stays registered until Timer N (64·T1 from sending) runs out, a final response
/// other than 2xx comes, or dispose(). Construct with std::make_shared through
/// UserAgentCore::subscribe(); lives on the core thread, and the core outlives it.
class SubscribeUserAgentClient final : public UserAgentClient
{
public:
    SubscribeUserAgentClient(UserAgentCore &core,
                             Request message,
                             OutgoingSubscribeRequestDelegate *delegate);
    ~SubscribeUserAgentClient() override;

    /// The key the core files a subscriber under.
    static std::string subscriberKey(std::string_view callId, std::string_view fromTag);
    /// A NOTIFY the core matched to this SUBSCRIBE by Call-ID and tag: one for another event
    /// gets 481; another creates a dialog (see above).
    void receiveNotify(UserAgentServer &server);
    /// Unregisters, stops Timer N and the transaction. The dialogs made go on. Idempotent.
    void dispose() override;

protected:
    void dispatchResponse(const Response &response) override;

private:
    void unregisterSubscriber();

    OutgoingSubscribeRequestDelegate *m_subscribeDelegate;
    std::string m_key;
    std::chrono::seconds m_expires{0};             ///< what we asked for
    std::optional<std::chrono::seconds> m_granted; ///< the 2xx's Expires
    std::vector<std::weak_ptr<SubscriptionDialog>> m_dialogs;
    std::unique_ptr<Timer> m_timerN;
    bool m_registered = false;
};

} // namespace sipcore
