#include "sipcore/core/subscriptiondialog.h"

#include "sipcore/core/useragentclient.h"
#include "sipcore/core/useragentcore.h"
#include "sipcore/core/useragentserver.h"

#include <algorithm>

namespace sipcore {

using std::chrono::seconds;

SubscriptionDialog::SubscriptionDialog(UserAgentCore &core)
    : Dialog(core)
    , m_refreshTimer(core.timers().createTimer())
    , m_expiryTimer(core.timers().createTimer())
{}

SubscriptionDialog::~SubscriptionDialog()
{
    SubscriptionDialog::dispose();
}

std::shared_ptr<SubscriptionDialog> SubscriptionDialog::create(UserAgentCore &core,
                                                               const Request &subscribe,
                                                               const Request &notify,
                                                               seconds expires,
                                                               std::optional<seconds> granted)
{
    auto dialog = std::shared_ptr<SubscriptionDialog>(new SubscriptionDialog(core));
    const auto localTag = subscribe.fromView().ok() ? (*subscribe.fromView())->tag() : std::nullopt;
    dialog->initializeAsUas(notify, localTag.value_or(""),
                            std::string(subscribe.header("Contact").value_or("")));
    dialog->m_remoteSequenceNumber.reset(); // the NOTIFY comes through receiveRequest()
    dialog->m_localSequenceNumber = subscribe.cseq().ok() ? subscribe.cseq()->sequence : 1;
    dialog->m_event = EventHeader::of(subscribe).value_or(EventHeader{});
    dialog->m_eventValue = std::string(subscribe.header("Event").value_or(""));
    dialog->m_requested = expires;
    dialog->m_granted = granted;
    dialog->registerWithCore();
    return dialog;
}

void SubscriptionDialog::subscribeAccepted(const Response &response)
{
    const auto expires = response.numberValue(HeaderId::Expires);
    if (!expires || m_state == State::Terminated)
        return;
    m_granted = seconds(*expires);
    if (m_state != State::NotifyWait && !m_unsubscribing && m_granted < m_expires)
        scheduleRefresh(*m_granted);
}

void SubscriptionDialog::receiveInDialogRequest(UserAgentServer &server)
{
    auto self = shared_from_this(); // the delegate may drop its reference
    if (server.message().method == "NOTIFY") {
        receiveNotify(server);
        return;
    }
    ResponseOptions options;
    options.extraHeaders = {{"Allow", "NOTIFY"}};
    server.reply(405, std::move(options));
}

bool SubscriptionDialog::admitsNotify(UserAgentServer &server, const EventHeader &event)
{
    const Request &notify = server.message();
    const auto theirs = EventHeader::of(notify);
    ResponseOptions options;
    if (!theirs || !theirs->matches(event)) {
        options.reasonPhrase = "Subscription Does Not Exist: not the event subscribed to";
        server.reply(481, std::move(options));
        return false;
    }
    if (!SubscriptionState::of(notify)) {
        options.reasonPhrase = "Bad Request: no valid Subscription-State";
        server.reply(400, std::move(options));
        return false;
    }
    return true;
}

void SubscriptionDialog::receiveNotify(UserAgentServer &server)
{
    const Request &notify = server.message();
    if (!admitsNotify(server, m_event))
        return;
    const auto state = SubscriptionState::of(notify);
    if (m_state == State::Terminated) {
        server.reply(481);
        return;
    }
    refreshRemoteTarget(notify); // RFC 6665 §4.1.3: NOTIFY is a target refresh
    server.reply(200);
    m_subscriptionState = *state;
    if (state->value == SubscriptionState::Value::Terminated) {
        if (m_delegate)
            m_delegate->onNotify(notify);
        terminate(state->reason);
        return;
    }
    m_state = state->value == SubscriptionState::Value::Active ? State::Active : State::Pending;
    if (!m_unsubscribing) {
        seconds left = state->expires ? seconds(*state->expires) : m_granted.value_or(m_requested);
        if (m_granted)
            left = std::min(left, *m_granted);
        scheduleRefresh(left);
    }
    if (m_delegate)
        m_delegate->onNotify(notify);
}

void SubscriptionDialog::scheduleRefresh(seconds left)
{
    m_expires = left;
    m_refreshTimer->start(std::chrono::milliseconds(left) * 9 / 10, [this] { refresh(); });
    m_expiryTimer->start(left, [this] {
        m_logger.info(id() + ": the subscription ran out without a refresh");
        auto self = shared_from_this();
        terminate("timeout");
    });
}

void SubscriptionDialog::refresh()
{
    if (m_state == State::Terminated || m_unsubscribing || m_subscribe)
        return;
    sendSubscribe(m_requested);
}

void SubscriptionDialog::unsubscribe()
{
    if (m_state == State::Terminated || m_unsubscribing)
        return;
    m_unsubscribing = true;
    m_refreshTimer->cancel();
    if (m_subscribe)
        m_subscribe->dispose();
    sendSubscribe(seconds(0));
    // §4.1.2.3-4: the notifier answers with a terminated NOTIFY; Timer N bounds the wait.
    m_expiryTimer->start(64 * m_core.configuration().timers.t1, [this] {
        auto self = shared_from_this();
        terminate("unsubscribed");
    });
}

void SubscriptionDialog::sendSubscribe(seconds expires)
{
    Request request = createRequest("SUBSCRIBE");
    request.addHeader("Event", m_eventValue);
    request.addHeader("Expires", std::to_string(expires.count()));
    if (!m_localContact.empty())
        request.addHeader("Contact", m_localContact);
    OutgoingRequestDelegate *delegate = this;
    m_subscribe = m_core.request(std::move(request), delegate);
}

void SubscriptionDialog::onAccept(const Response &response)
{
    m_subscribe.reset();
    if (m_state == State::Terminated)
        return;
    refreshRemoteTarget(response); // §4.1.2.2: SUBSCRIBE is a target refresh
    if (!m_unsubscribing) {
        const auto expires = response.numberValue(HeaderId::Expires);
        scheduleRefresh(expires ? seconds(*expires) : m_requested);
    }
}

void SubscriptionDialog::onReject(const Response &response)
{
    m_subscribe.reset();
    if (m_state == State::Terminated)
        return;
    if (response.statusCode == 481) {
        auto self = shared_from_this();
        terminate("deactivated"); // §4.1.2.2: the notifier knows no such subscription
        return;
    }
    m_logger.info(id() + ": a SUBSCRIBE got " + std::to_string(response.statusCode)
                  + "; the subscription runs until it expires");
}

void SubscriptionDialog::terminate(std::string reason)
{
    if (m_state == State::Terminated)
        return;
    m_terminationReason = std::move(reason);
    m_state = State::Terminated;
    m_terminated = true;
    m_expires = seconds(0);
    m_refreshTimer->cancel();
    m_expiryTimer->cancel();
    if (m_subscribe)
        m_subscribe->dispose();
    m_subscribe.reset();
    Dialog::dispose();
    if (m_delegate)
        m_delegate->onTerminated();
}

void SubscriptionDialog::dispose()
{
    m_state = State::Terminated;
    m_terminated = true;
    m_refreshTimer.reset(); // timers may not outlive the core's timer factory
    m_expiryTimer.reset();
    if (m_subscribe)
        m_subscribe->dispose();
    m_subscribe.reset();
    m_delegate = nullptr;
    Dialog::dispose();
}

} // namespace sipcore
