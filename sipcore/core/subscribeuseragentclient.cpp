#include "sipcore/core/subscribeuseragentclient.h"

#include "sipcore/core/subscriptiondialog.h"
#include "sipcore/core/useragentcore.h"
#include "sipcore/core/useragentserver.h"

namespace sipcore {

using std::chrono::seconds;

SubscribeUserAgentClient::SubscribeUserAgentClient(UserAgentCore &core,
                                                   Request message,
                                                   OutgoingSubscribeRequestDelegate *delegate)
    : UserAgentClient(TransactionKind::NonInvite, core, std::move(message), delegate)
    , m_subscribeDelegate(delegate)
    , m_timerN(core.timers().createTimer())
{
    const Request &request = this->message();
    m_expires = seconds(request.numberValue(HeaderId::Expires).value_or(3600));
    const auto callId = request.callIdView();
    const auto from = request.fromView();
    if (!callId.ok() || !from.ok())
        return;
    m_key = subscriberKey(*callId, (*from)->tag().value_or(""));
    m_core.addSubscriber(m_key, this);
    m_registered = true;
    m_timerN->start(64 * core.configuration().timers.t1, [this] {
        auto self = shared_from_this();
        unregisterSubscriber();
        if (m_dialogs.empty() && !m_disposed && m_subscribeDelegate)
            m_subscribeDelegate->onNotifyTimeout();
    });
}

SubscribeUserAgentClient::~SubscribeUserAgentClient()
{
    SubscribeUserAgentClient::dispose();
}

std::string SubscribeUserAgentClient::subscriberKey(std::string_view callId,
                                                    std::string_view fromTag)
{
    std::string key(callId);
    key.append(1, ';').append(fromTag);
    return key;
}

void SubscribeUserAgentClient::receiveNotify(UserAgentServer &server)
{
    auto self = shared_from_this(); // the delegate may drop its reference
    const Request &notify = server.message();
    if (!SubscriptionDialog::admitsNotify(server,
                                          EventHeader::of(message()).value_or(EventHeader{})))
        return;
    auto dialog = SubscriptionDialog::create(m_core, message(), notify, m_expires, m_granted);
    m_dialogs.push_back(dialog);
    if (m_subscribeDelegate && !m_disposed)
        m_subscribeDelegate->onSubscription(dialog);
    dialog->receiveRequest(server);
}

void SubscribeUserAgentClient::dispatchResponse(const Response &response)
{
    if (response.statusCode >= 200 && response.statusCode < 300) {
        if (const auto granted = response.numberValue(HeaderId::Expires))
            m_granted = seconds(*granted);
        for (const auto &weak : m_dialogs)
            if (const auto dialog = weak.lock())
                dialog->subscribeAccepted(response);
    } else if (response.statusCode >= 300) {
        unregisterSubscriber(); // no subscription: a NOTIFY now has nothing to match
    }
    UserAgentClient::dispatchResponse(response);
}

void SubscribeUserAgentClient::unregisterSubscriber()
{
    if (m_timerN)
        m_timerN->cancel();
    if (!std::exchange(m_registered, false))
        return;
    m_core.removeSubscriber(m_key, this);
}

void SubscribeUserAgentClient::dispose()
{
    unregisterSubscriber();
    m_timerN.reset(); // may not outlive the core's timers
    UserAgentClient::dispose();
}

} // namespace sipcore
