#include "sipcore/session/subscriber.h"

#include "sipcore/core/subscribeuseragentclient.h"
#include "sipcore/core/useragentcore.h"

#include <boost/asio/dispatch.hpp>

namespace sipcore {

using std::chrono::seconds;

Subscriber::Subscriber(UserAgentCore &core,
                       boost::asio::any_io_executor executor,
                       Uri target,
                       SubscriberOptions options,
                       Listener listener)
    : m_core(core)
    , m_executor(std::move(executor))
    , m_target(std::move(target))
    , m_options(std::move(options))
    , m_listener(std::move(listener))
{}

Subscriber::~Subscriber()
{
    // Without dispose() the class requires the core thread here, as dispose() does.
    if (!m_disposed)
        dispose();
}

void Subscriber::subscribe()
{
    boost::asio::dispatch(m_executor, [self = shared_from_this()] { self->doSubscribe(); });
}

void Subscriber::unsubscribe(std::function<void()> done)
{
    boost::asio::dispatch(m_executor,
                          [self = shared_from_this(), done = std::move(done)]() mutable {
                              self->doUnsubscribe(std::move(done));
                          });
}

void Subscriber::dispose()
{
    if (m_disposed)
        return;
    m_disposed = true;
    m_status.state = State::Terminated;
    m_retryTimer.reset(); // may not outlive the core's timers
    if (m_client)
        m_client->dispose();
    m_client.reset();
    if (m_dialog)
        m_dialog->dispose();
    m_dialog.reset();
    for (const auto &other : m_others)
        other->dispose();
    m_others.clear();
    settle();
}

void Subscriber::doSubscribe()
{
    if (m_disposed || m_wanted)
        return;
    m_wanted = true;
    send();
}

void Subscriber::doUnsubscribe(std::function<void()> done)
{
    if (done)
        m_unsubscribed.push_back(std::move(done));
    if (m_disposed || m_status.state == State::Initial
        || (m_status.state == State::Terminated && !m_wanted)) {
        settle(); // nothing running
        return;
    }
    if (!m_wanted)
        return; // ending already
    m_wanted = false;
    if (m_retryTimer)
        m_retryTimer->cancel();
    if (m_dialog)
        m_dialog->unsubscribe(); // Terminated once the dialog ends
    else if (!m_client)
        terminate("unsubscribed");
    // else the SUBSCRIBE on its way: its dialog is unsubscribed once a NOTIFY makes it
}

void Subscriber::send()
{
    if (m_client)
        m_client->dispose();
    m_dialog.reset();
    OutgoingRequestMessageOptions message;
    message.from = m_options.from;
    message.routeSet = m_options.routeSet;
    message.extraHeaders
            = {{"Event", m_options.event}, {"Expires", std::to_string(m_options.expires.count())}};
    if (!m_options.accept.empty())
        message.extraHeaders.push_back({"Accept", m_options.accept});
    Request request = m_core.makeOutgoingRequestMessage(
            "SUBSCRIBE", m_target, NameAddr{{}, m_target, {}}, std::move(message));
    m_status.state = State::NotifyWait;
    m_status.reason.clear();
    notify();
    OutgoingSubscribeRequestDelegate *delegate = this;
    m_client = m_core.subscribe(std::move(request), delegate);
}

void Subscriber::onSubscription(const std::shared_ptr<SubscriptionDialog> &dialog)
{
    if (m_dialog) {
        // Another fork answered too: one subscription is enough.
        std::erase_if(m_others, [](const auto &other) { return other->isTerminated(); });
        m_others.push_back(dialog);
        dialog->unsubscribe();
        return;
    }
    m_dialog = dialog;
    dialog->setDelegate(this);
    if (!m_wanted)
        dialog->unsubscribe(); // unsubscribe() came while the SUBSCRIBE was on its way
}

void Subscriber::onNotify(const Request &request)
{
    if (!request.body().empty()) {
        m_status.body = std::string(request.body());
        m_status.contentType = std::string(request.header("Content-Type").value_or(""));
    }
    if (m_dialog && m_dialog->state() == SubscriptionDialog::State::Active)
        m_status.state = State::Active;
    else if (m_dialog && m_dialog->state() == SubscriptionDialog::State::Pending)
        m_status.state = State::Pending;
    notify();
}

void Subscriber::onTerminated()
{
    auto self = shared_from_this(); // the listener may drop its reference
    const std::string reason = m_dialog ? m_dialog->terminationReason() : std::string();
    bool retry = false; // a plain optional here trips GCC 12's maybe-uninitialized
    std::uint32_t retryAfter = 0;
    if (m_dialog && m_dialog->subscriptionState().retryAfter) {
        retry = true;
        retryAfter = *m_dialog->subscriptionState().retryAfter;
    }
    m_dialog.reset();
    if (!m_wanted) {
        terminate("unsubscribed");
        return;
    }
    // RFC 6665 §4.1.3: these reasons invite a new subscription, at once or after a while.
    if (reason == "deactivated" || reason == "timeout") {
        send();
        return;
    }
    terminate(reason);
    if ((reason == "probation" || reason == "giveup") && retry) {
        m_wanted = true; // until unsubscribe(): subscribe() meanwhile has nothing to add
        if (!m_retryTimer)
            m_retryTimer = m_core.timers().createTimer();
        m_retryTimer->start(seconds(retryAfter), [this] {
            if (m_wanted && !m_disposed)
                send();
        });
    }
}

void Subscriber::onNotifyTimeout()
{
    m_client.reset();
    if (!m_dialog)
        terminate("no NOTIFY");
}

void Subscriber::onAccept(const Response &response)
{
    m_status.statusCode = response.statusCode;
    m_status.reasonPhrase = response.reasonPhrase;
    notify();
}

void Subscriber::onReject(const Response &response)
{
    m_client.reset();
    m_status.statusCode = response.statusCode;
    m_status.reasonPhrase = response.reasonPhrase;
    if (m_dialog)
        return; // a NOTIFY came first: the dialog goes on
    if (const auto minimum = response.numberValue(HeaderId::MinExpires);
        response.statusCode == 423 && m_wanted && minimum
        && seconds(*minimum) > m_options.expires) {
        m_options.expires = seconds(*minimum);
        send();
        return;
    }
    terminate("rejected");
}

void Subscriber::terminate(std::string reason)
{
    m_status.state = State::Terminated;
    m_status.reason = std::move(reason);
    m_wanted = false;
    notify();
    settle();
}

void Subscriber::settle()
{
    for (auto &done : std::exchange(m_unsubscribed, {}))
        done();
}

void Subscriber::notify()
{
    if (!m_disposed && m_listener)
        m_listener(m_status);
}

} // namespace sipcore
