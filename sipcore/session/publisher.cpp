#include "sipcore/session/publisher.h"

#include "sipcore/core/useragentclient.h"
#include "sipcore/core/useragentcore.h"
#include "sipcore/util/random.h"

#include <boost/asio/dispatch.hpp>

namespace sipcore {

using std::chrono::seconds;

Publisher::Publisher(UserAgentCore &core,
                     boost::asio::any_io_executor executor,
                     Uri target,
                     PublisherOptions options,
                     Listener listener)
    : m_core(core)
    , m_executor(std::move(executor))
    , m_target(std::move(target))
    , m_options(std::move(options))
    , m_listener(std::move(listener))
    , m_callId(random::newCallId())
{}

Publisher::~Publisher()
{
    // Without dispose() the class requires the core thread here, as dispose() does.
    if (!m_disposed)
        dispose();
}

void Publisher::publish(std::string body)
{
    boost::asio::dispatch(m_executor,
                          [self = shared_from_this(), body = std::move(body)]() mutable {
                              self->doPublish(std::move(body));
                          });
}

void Publisher::unpublish(std::function<void()> done)
{
    boost::asio::dispatch(m_executor,
                          [self = shared_from_this(), done = std::move(done)]() mutable {
                              self->doUnpublish(std::move(done));
                          });
}

void Publisher::dispose()
{
    if (m_disposed)
        return;
    m_disposed = true;
    m_status.state = State::Terminated;
    m_timer.reset(); // may not outlive the core's timers
    if (m_client)
        m_client->dispose();
    m_client.reset();
    settle();
}

void Publisher::doPublish(std::string body)
{
    if (m_disposed)
        return;
    m_body = std::move(body);
    m_bodySent = false;
    if (m_client) {
        m_pending = Intent::Publish; // after the response on its way
        return;
    }
    send(Intent::Publish, true);
}

void Publisher::doUnpublish(std::function<void()> done)
{
    if (done)
        m_unpublished.push_back(std::move(done));
    if (m_disposed) {
        settle();
        return;
    }
    timer().cancel();
    if (m_client) {
        m_pending = Intent::Remove;
        return;
    }
    if (!m_status.entityTag.empty()) {
        send(Intent::Remove, false);
        return;
    }
    if (m_status.state == State::Published || m_status.state == State::Failed) {
        m_status.state = State::Unpublished;
        notify();
    }
    settle();
}

void Publisher::send(Intent intent, bool withBody)
{
    timer().cancel();
    OutgoingRequestMessageOptions message;
    message.from = m_options.from;
    message.routeSet = m_options.routeSet;
    message.callId = m_callId;
    message.cseq = ++m_cseq;
    const seconds expires = intent == Intent::Remove ? seconds(0) : m_options.expires;
    message.extraHeaders
            = {{"Event", m_options.event}, {"Expires", std::to_string(expires.count())}};
    if (!m_status.entityTag.empty())
        message.extraHeaders.push_back({"SIP-If-Match", m_status.entityTag});
    if (withBody) {
        message.body = m_body;
        message.contentType = m_options.contentType;
        m_bodySent = true;
    }
    Request request = m_core.makeOutgoingRequestMessage(
            "PUBLISH", m_target, NameAddr{{}, m_target, {}}, std::move(message));
    m_sending = intent;
    m_status.waiting = true;
    notify();
    OutgoingRequestDelegate *delegate = this;
    m_client = m_core.request(std::move(request), delegate);
}

void Publisher::sendPending()
{
    switch (std::exchange(m_pending, Intent::None)) {
    case Intent::Publish:
        send(Intent::Publish, !m_bodySent || m_status.entityTag.empty());
        break;
    case Intent::Remove:
        doUnpublish({});
        break;
    case Intent::None:
        break;
    }
}

void Publisher::update(const Response &response)
{
    m_client.reset();
    m_status.waiting = false;
    m_status.statusCode = response.statusCode;
    m_status.reasonPhrase = response.reasonPhrase;
    // The client raised the CSeq when it answered a challenge: the next PUBLISH goes above.
    if (auto cseq = response.cseqView(); cseq.ok())
        m_cseq = std::max(m_cseq, (*cseq)->sequence);
}

void Publisher::onAccept(const Response &response)
{
    update(response);
    const seconds granted
            = seconds(response.numberValue(HeaderId::Expires)
                              .value_or(static_cast<std::uint32_t>(m_options.expires.count())));
    if (m_sending == Intent::Remove || granted == seconds(0)) {
        m_status.state = State::Unpublished;
        m_status.entityTag.clear();
        m_status.expires = {};
    } else {
        m_republished = false;
        m_status.state = State::Published;
        m_status.entityTag = std::string(response.header("SIP-ETag").value_or(""));
        m_status.expires = granted;
        timer().start(std::chrono::milliseconds(granted) * 9 / 10, [this] {
            if (!m_client)
                send(Intent::Publish, false); // §4.4: a refresh carries no body
        });
    }
    notify();
    sendPending();
    settle();
}

void Publisher::onReject(const Response &response)
{
    update(response);
    if (response.statusCode == 412 && !m_republished) {
        // §4.4: the compositor no longer knows our entity tag.
        m_republished = true;
        m_status.entityTag.clear();
        if (m_sending != Intent::Remove && m_pending != Intent::Remove) {
            m_pending = Intent::None;
            send(Intent::Publish, true);
            return;
        }
        m_pending = Intent::None;
        m_status.state = State::Unpublished; // nothing left there to remove
        notify();
        settle();
        return;
    }
    if (const auto minimum = response.numberValue(HeaderId::MinExpires);
        response.statusCode == 423 && minimum && seconds(*minimum) > m_options.expires
        && m_sending == Intent::Publish) {
        m_options.expires = seconds(*minimum);
        send(Intent::Publish, true);
        return;
    }
    timer().cancel();
    m_status.state = State::Failed;
    m_status.expires = {};
    notify();
    sendPending();
    settle();
}

void Publisher::settle()
{
    if (m_client)
        return;
    for (auto &done : std::exchange(m_unpublished, {}))
        done();
}

Timer &Publisher::timer()
{
    if (!m_timer)
        m_timer = m_core.timers().createTimer();
    return *m_timer;
}

void Publisher::notify()
{
    if (!m_disposed && m_listener)
        m_listener(m_status);
}

} // namespace sipcore
