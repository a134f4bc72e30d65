#include "sipcore/session/registerer.h"

#include "sipcore/core/registeruseragentclient.h"
#include "sipcore/core/useragentcore.h"
#include "sipcore/syntax/uriequivalence.h"
#include "sipcore/util/random.h"

#include <boost/asio/dispatch.hpp>

#include <algorithm>

namespace sipcore {

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

/// A factor in [0.5, 1] for the back-off's jitter (RFC 5626 §4.5).
double jitter()
{
    return random::between(500, 1000) / 1000.0;
}

} // namespace

Registerer::Registerer(UserAgentCore &core,
                       boost::asio::any_io_executor executor,
                       RegistererOptions options,
                       Listener listener)
    : m_core(core)
    , m_executor(std::move(executor))
    , m_options(std::move(options))
    , m_listener(std::move(listener))
    , m_callId(random::newCallId())
{
    m_options.aor.parameters = {}; // a tag would be From's and To's: never ours to give
}

Registerer::~Registerer()
{
    // Without dispose() the class requires the core thread here, as dispose() does.
    if (!m_disposed)
        dispose();
}

void Registerer::registerContact()
{
    boost::asio::dispatch(m_executor, [self = shared_from_this()] { self->doRegister(); });
}

void Registerer::unregister(std::function<void()> done)
{
    boost::asio::dispatch(m_executor, [self = shared_from_this(), done = std::move(done)] {
        self->doUnregister(done);
    });
}

void Registerer::dispose()
{
    if (m_disposed)
        return;
    m_disposed = true;
    m_status.state = State::Terminated;
    m_timer.reset(); // may not outlive the core's timers
    if (m_client)
        m_client->dispose();
    m_client.reset();
    for (auto &done : std::exchange(m_unregistered, {}))
        done();
}

void Registerer::doRegister()
{
    if (m_disposed)
        return;
    m_wanted = true;
    if (m_client) {
        m_sendPending = true; // after the response on its way
        return;
    }
    send(m_options.expires);
}

void Registerer::doUnregister(std::function<void()> done)
{
    if (m_disposed) {
        if (done)
            done();
        return;
    }
    m_wanted = false;
    timer().cancel();
    if (done)
        m_unregistered.push_back(std::move(done));
    if (m_client) {
        m_sendPending = !m_removing; // the REGISTER on its way may add the binding
        return;
    }
    if (m_bound) {
        send(seconds(0)); // also after a failed refresh: the binding may still be there
        return;
    }
    m_status.state = State::Unregistered;
    m_status.retryIn = {};
    notify();
    for (auto &waiting : std::exchange(m_unregistered, {}))
        waiting();
}

void Registerer::send(seconds expires)
{
    timer().cancel();
    Uri registrar;
    if (m_options.registrar) {
        registrar = *m_options.registrar;
    } else {
        registrar.scheme = m_options.aor.uri.scheme;
        registrar.host = m_options.aor.uri.host;
        registrar.port = m_options.aor.uri.port;
    }
    OutgoingRequestMessageOptions message;
    message.from = m_options.aor;
    message.contactUser
            = m_options.contactUser.empty() ? m_options.aor.uri.user : m_options.contactUser;
    message.callId = m_callId;
    message.cseq = ++m_cseq;
    message.routeSet = m_options.routeSet;
    message.extraHeaders.push_back({"Expires", std::to_string(expires.count())});
    Request request = m_core.makeOutgoingRequestMessage(
            "REGISTER", registrar, NameAddr{{}, m_options.aor.uri, {}}, std::move(message));
    if (auto contacts = request.contacts(); contacts.ok() && !contacts->empty()) {
        NameAddr contact = contacts->front();
        contact.parameters.set("expires", std::to_string(expires.count()));
        m_contact = contact.uri;
        request.setHeader("Contact", contact.toString());
    }
    m_removing = expires == seconds(0);
    m_status.waiting = true;
    notify();
    OutgoingRequestDelegate *delegate = this;
    m_client = std::make_shared<RegisterUserAgentClient>(m_core, std::move(request), delegate);
}

void Registerer::sendPending()
{
    if (!std::exchange(m_sendPending, false) || m_disposed)
        return;
    send(m_wanted ? m_options.expires : seconds(0));
}

seconds Registerer::grantedExpires(const Response &response) const
{
    std::optional<std::uint32_t> granted;
    response.forEachValue(HeaderId::Contact, [&](const HeaderValue &value) {
        const auto *contact = value.as<NameAddrView>();
        if (!granted && contact && contact->expires()
            && equivalent(Uri::from(contact->uri), m_contact))
            granted = contact->expires();
    });
    if (!granted)
        granted = response.numberValue(HeaderId::Expires);
    return granted ? seconds(*granted) : m_options.expires;
}

void Registerer::update(const Response &response)
{
    m_client.reset();
    m_status.waiting = false;
    m_status.statusCode = response.statusCode;
    m_status.reasonPhrase = response.reasonPhrase;
    // The client raised the CSeq when it answered a challenge: the next REGISTER goes above.
    if (auto cseq = response.cseqView(); cseq.ok())
        m_cseq = std::max(m_cseq, (*cseq)->sequence);
}

void Registerer::onAccept(const Response &response)
{
    update(response);
    if (m_removing) {
        unregistered();
        sendPending();
        return;
    }
    m_failures = 0;
    const seconds granted = grantedExpires(response);
    m_status.retryIn = {};
    if (granted == seconds(0)) {
        m_status.state = State::Failed; // accepted, yet the registrar keeps no binding
        m_status.expires = {};
    } else {
        m_bound = true;
        m_status.state = State::Registered;
        m_status.expires = granted;
        if (m_wanted) {
            timer().start(milliseconds(granted) * 9 / 10, [this] {
                if (!m_client)
                    send(m_options.expires);
            });
        }
    }
    if (m_wanted)
        m_sendPending = false; // registered just now: nothing more to ask
    notify();
    sendPending();
}

void Registerer::onRedirect(const Response &response)
{
    onReject(response);
}

void Registerer::onReject(const Response &response)
{
    update(response);
    if (m_removing || !m_wanted) {
        // Removing failed, or registering failed after unregister(): either way nothing is
        // ours to refresh; a binding left behind expires on its own.
        m_sendPending = false;
        unregistered();
        return;
    }
    const int code = response.statusCode;
    if (code == 423) {
        const auto minimum = response.numberValue(HeaderId::MinExpires);
        if (minimum && seconds(*minimum) > m_options.expires) {
            m_options.expires = seconds(*minimum);
            m_sendPending = false;
            send(m_options.expires);
            return;
        }
    }
    m_status.state = State::Failed;
    m_status.expires = {};
    if (code == 408 || (code >= 500 && code < 600)) {
        ++m_failures;
        milliseconds delay{0};
        const auto retry = response.singleValue(HeaderId::RetryAfter, SyntaxError::BadHeaderValue);
        const auto *retryAfter = retry.ok() ? (*retry)->as<ParameterizedValueView>() : nullptr;
        if (retryAfter) {
            delay = std::max<milliseconds>(seconds(retryAfter->seconds), seconds(1));
        } else {
            const int doublings = std::min(m_failures - 1, 16);
            const seconds wait
                    = std::min(m_options.retryMax, m_options.retryBase * (1 << doublings));
            delay = milliseconds(static_cast<milliseconds::rep>(
                    static_cast<double>(milliseconds(wait).count()) * jitter()));
        }
        m_status.retryIn = delay;
        timer().start(delay, [this] {
            if (m_wanted && !m_client)
                send(m_options.expires);
        });
    } else {
        m_status.retryIn = {};
    }
    m_sendPending = false;
    notify();
}

void Registerer::unregistered()
{
    m_bound = false;
    timer().cancel();
    m_status.state = State::Unregistered;
    m_status.expires = {};
    m_status.retryIn = {};
    notify();
    for (auto &done : std::exchange(m_unregistered, {}))
        done();
}

Timer &Registerer::timer()
{
    if (!m_timer)
        m_timer = m_core.timers().createTimer();
    return *m_timer;
}

void Registerer::notify()
{
    if (!m_disposed && m_listener)
        m_listener(m_status);
}

} // namespace sipcore
