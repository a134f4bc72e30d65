#include "sipcore/session/useragent.h"

#include "sipcore/core/inviteuseragentserver.h"
#include "sipcore/core/useragentcore.h"
#include "sipcore/syntax/parameterizedvalueview.h"
#include "sipcore/transport/transporterror.h"
#include "sipcore/util/asiotimerfactory.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>

#include <algorithm>
#include <future>

namespace sipcore {

namespace {

/// Keeps \a object among \a objects for stop(), forgetting those already gone.
template<class T>
void keep(std::vector<std::weak_ptr<T>> &objects, const std::shared_ptr<T> &object)
{
    std::erase_if(objects, [](const auto &weak) { return weak.expired(); });
    objects.push_back(object);
}

/// Disposes of every object of \a objects still alive, and forgets them.
template<class T>
void disposeAll(std::vector<std::weak_ptr<T>> &objects)
{
    for (auto &weak : objects) {
        if (auto object = weak.lock())
            object->dispose();
    }
    objects.clear();
}

} // namespace

UserAgent::UserAgent(UserAgentOptions options)
    : m_options(std::move(options))
{
    // Reliable provisional responses are the core's (RFC 3262); session timers (RFC 4028),
    // Session::replaced() and the Replaces handling in onInvite (RFC 3891 §6.2) are ours.
    auto &supported = m_options.core.supported;
    for (const char *option : {"100rel", "replaces", "timer"})
        if (std::find(supported.begin(), supported.end(), option) == supported.end())
            supported.emplace_back(option);
    // The core objects are made on the core thread, which alone touches them from then on;
    // waiting here makes the pointers safe to read (not to use) from the owner's thread.
    std::promise<void> made;
    boost::asio::post(m_thread.executor(), [this, &made] {
        m_timers = std::make_unique<AsioTimerFactory>(m_thread.executor());
        m_transport = std::make_unique<UdpTransport>(m_thread.executor(), m_options.transport,
                                                     m_options.core.loggerFactory);
        m_core = std::make_unique<UserAgentCore>(m_options.core, *m_transport, *m_timers);
        m_core->setDelegate(this);
        m_core->setCredentials(m_options.credentials);
        if (m_options.locateServers) {
            m_dns = std::make_unique<CAresResolver>(m_thread.executor(), m_options.dnsServers,
                                                    m_options.core.loggerFactory);
            // Without a working resolver the transports look names up themselves.
            if (m_dns->problem().empty())
                m_core->setDnsResolver(m_dns.get());
        }
        made.set_value();
    });
    made.get_future().wait();
}

UserAgent::~UserAgent()
{
    stop();
}

void UserAgent::start(StartHandler onStarted)
{
    boost::asio::post(m_thread.executor(), [this, onStarted = std::move(onStarted)] {
        std::string problem;
        const std::error_code ec = openTransports(&problem);
        if (ec) {
            // Closed, not destroyed: the core may hold those it was given until stop().
            for (Transport *transport : std::initializer_list<Transport *>{
                         m_transport.get(), m_tcp.get(), m_tls.get(), m_ws.get(), m_wss.get()}) {
                if (transport)
                    transport->close();
            }
        }
        if (onStarted)
            onStarted(ec, ec ? problem : "udp:" + m_transport->localEndpoint().toString());
    });
}

std::error_code UserAgent::openTransports(std::string *problem)
{
    const auto cannotListen = [&](std::string_view protocol) {
        *problem = "Cannot listen for SIP over " + std::string(protocol) + " on "
                   + Endpoint{m_options.transport.host, m_options.transport.port}.toString()
                   + ": the address is not this machine's or the port is in use. Choose "
                     "another SIP listen address or port.";
    };
    // With port 0 another program may hold the TCP port UDP got: try a few.
    const int attempts = m_options.tcp && m_options.transport.port == 0 ? 8 : 1;
    for (int attempt = 1;; ++attempt) {
        if (const std::error_code ec = m_transport->listen()) {
            cannotListen("UDP");
            return ec;
        }
        if (!m_options.tcp)
            break;
        const StreamTransportConfig tcp{.host = m_options.transport.host,
                                        .port = m_transport->localEndpoint().port,
                                        .timing = m_options.streamTiming};
        m_tcp = std::make_unique<TcpTransport>(m_thread.executor(), tcp, *m_timers,
                                               m_options.core.loggerFactory);
        const std::error_code ec = m_tcp->listen();
        if (!ec) {
            m_core->addTransport(*m_tcp);
            break;
        }
        m_tcp.reset();
        m_transport->close();
        if (attempt == attempts) {
            cannotListen("TCP");
            return ec;
        }
    }
    if (!m_options.tls)
        return openWebSocket(problem);
    // 5061 beside 5060 when it is free, else any port: Via and Contact say which.
    const std::uint16_t udpPort = m_transport->localEndpoint().port;
    const std::uint16_t preferred = m_options.transport.port == 0 || udpPort == 65535
                                            ? 0
                                            : static_cast<std::uint16_t>(udpPort + 1);
    std::error_code ec;
    for (const std::uint16_t port : {preferred, std::uint16_t(0)}) {
        const StreamTransportConfig tls{
                .host = m_options.transport.host, .port = port, .timing = m_options.streamTiming};
        m_tls = std::make_unique<TlsTransport>(m_thread.executor(), tls, m_options.tlsSettings,
                                               *m_timers, m_options.core.loggerFactory);
        ec = m_tls->listen();
        if (!ec || ec == TransportError::TlsSettingsInvalid || port == 0)
            break;
    }
    if (ec == TransportError::TlsSettingsInvalid)
        *problem = "Cannot use TLS: " + m_tls->problem() + ". Fix or clear the TLS file settings.";
    else if (ec)
        cannotListen("TLS");
    else
        m_core->addTransport(*m_tls);
    if (ec) {
        m_tls.reset();
        return ec;
    }
    return openWebSocket(problem);
}

std::error_code UserAgent::openWebSocket(std::string *problem)
{
    if (!m_options.webSocket)
        return {};
    const StreamTransportConfig any{
            .host = m_options.transport.host, .port = 0, .timing = m_options.streamTiming};
    m_ws = std::make_unique<WebSocketTransport>(m_thread.executor(), any, std::nullopt, *m_timers,
                                                m_options.core.loggerFactory);
    m_wss = std::make_unique<WebSocketTransport>(m_thread.executor(), any, m_options.tlsSettings,
                                                 *m_timers, m_options.core.loggerFactory);
    for (auto *transport : {m_ws.get(), m_wss.get()}) {
        if (const std::error_code ec = transport->listen()) {
            *problem = "Cannot listen for SIP over " + std::string(transport->protocol()) + " on "
                       + m_options.transport.host + ": " + ec.message() + ".";
            m_ws.reset();
            m_wss.reset();
            return ec;
        }
    }
    m_core->addTransport(*m_ws);
    m_core->addTransport(*m_wss);
    return {};
}

std::shared_ptr<Inviter>
UserAgent::makeInviter(Uri target, Inviter::Listener listener, InviterOptions options)
{
    // Only the reference is taken here: the core is touched on the core thread alone. The
    // media endpoint is set there before invite() runs: at once on the core thread, else
    // queued ahead of the invite() the caller queues after this.
    auto inviter = std::make_shared<Inviter>(*m_core, m_thread.executor(), std::move(target),
                                             std::move(listener), std::move(options));
    boost::asio::dispatch(m_thread.executor(), [this, inviter] {
        if (m_options.mediaEndpointFactory) {
            inviter->setMediaEndpoint(
                    m_options.mediaEndpointFactory(m_core->transport().localEndpoint().host));
        }
        track(inviter);
    });
    return inviter;
}

std::shared_ptr<Registerer> UserAgent::makeRegisterer(RegistererOptions options,
                                                      Registerer::Listener listener)
{
    auto registerer = std::make_shared<Registerer>(*m_core, m_thread.executor(), std::move(options),
                                                   std::move(listener));
    boost::asio::post(m_thread.executor(), [this, registerer] { keep(m_registerers, registerer); });
    return registerer;
}

void UserAgent::setIncomingCallHandler(IncomingCallHandler handler)
{
    m_incomingCallHandler = std::move(handler);
}

void UserAgent::setReferralHandler(ReferralHandler handler)
{
    m_referralHandler = std::move(handler);
}

void UserAgent::setMessageHandler(InstantMessageHandler handler)
{
    m_messageHandler = std::move(handler);
}

std::shared_ptr<Messager> UserAgent::makeMessager(Uri target,
                                                  std::string body,
                                                  Messager::Listener listener,
                                                  MessagerOptions options)
{
    auto messager
            = std::make_shared<Messager>(*m_core, m_thread.executor(), std::move(target),
                                         std::move(body), std::move(listener), std::move(options));
    boost::asio::post(m_thread.executor(), [this, messager] { keep(m_messagers, messager); });
    return messager;
}

std::shared_ptr<Subscriber>
UserAgent::makeSubscriber(Uri target, SubscriberOptions options, Subscriber::Listener listener)
{
    auto subscriber = std::make_shared<Subscriber>(*m_core, m_thread.executor(), std::move(target),
                                                   std::move(options), std::move(listener));
    boost::asio::post(m_thread.executor(), [this, subscriber] { keep(m_subscribers, subscriber); });
    return subscriber;
}

std::shared_ptr<Publisher>
UserAgent::makePublisher(Uri target, PublisherOptions options, Publisher::Listener listener)
{
    auto publisher = std::make_shared<Publisher>(*m_core, m_thread.executor(), std::move(target),
                                                 std::move(options), std::move(listener));
    boost::asio::post(m_thread.executor(), [this, publisher] { keep(m_publishers, publisher); });
    return publisher;
}

bool UserAgent::onMessage(const std::shared_ptr<UserAgentServer> &server)
{
    if (!m_messageHandler)
        return false;
    if (const auto message = InstantMessage::receive(*server))
        m_messageHandler(*message);
    return true;
}

void UserAgent::onInvite(const std::shared_ptr<InviteUserAgentServer> &server)
{
    if (!m_incomingCallHandler) {
        server->reply(480);
        return;
    }
    if (const auto replaces = server->message().header("Replaces")) {
        receiveReplacingInvite(server, *replaces);
        return;
    }
    auto invitation = std::make_shared<Invitation>(*m_core, m_thread.executor(), server,
                                                   m_options.noAnswerTimeout);
    if (!takeOffer(*invitation))
        return;
    track(invitation);
    m_incomingCallHandler(invitation);
    invitation->progress();
}

void UserAgent::receiveReplacingInvite(const std::shared_ptr<InviteUserAgentServer> &server,
                                       std::string_view replaces)
{
    using Kind = ParameterizedValueView::Kind;
    const auto parsed = ParameterizedValueView::parse(replaces, Kind::CallId);
    const auto toTag = parsed.ok() ? parsed->parameters.get("to-tag") : std::nullopt;
    const auto fromTag = parsed.ok() ? parsed->parameters.get("from-tag") : std::nullopt;
    if (!toTag || !fromTag) {
        ResponseOptions options;
        options.reasonPhrase = "Bad Request: malformed Replaces";
        server->reply(400, std::move(options));
        return;
    }
    // RFC 3891 §3: the to-tag is ours, the from-tag the peer's.
    std::shared_ptr<Session> replaced;
    Session::DialogMatch match = Session::DialogMatch::None;
    for (const auto &weak : m_sessions) {
        const auto session = weak.lock();
        if (!session)
            continue;
        match = session->matchDialog(parsed->value, *toTag, *fromTag);
        if (match != Session::DialogMatch::None) {
            replaced = session;
            break;
        }
    }
    if (match == Session::DialogMatch::None) {
        server->reply(481);
        return;
    }
    if (match == Session::DialogMatch::Ended) {
        server->reply(603);
        return;
    }
    if (match == Session::DialogMatch::Confirmed && parsed->parameters.has("early-only")) {
        server->reply(486);
        return;
    }
    auto invitation = std::make_shared<Invitation>(*m_core, m_thread.executor(), server,
                                                   m_options.noAnswerTimeout);
    if (!takeOffer(*invitation))
        return;
    invitation->setReplacing(replaced);
    track(invitation);
    m_incomingCallHandler(invitation);
    invitation->accept();
    replaced->replaced();
}

bool UserAgent::takeOffer(Invitation &invitation)
{
    const auto target = invitation.requestUri();
    invitation.setSrtpMode(Session::srtpModeFor(
            target, m_options.incomingSrtp ? m_options.incomingSrtp(target) : sdp::SrtpMode::Off));
    if (m_options.mediaEndpointFactory) {
        invitation.setMediaEndpoint(
                m_options.mediaEndpointFactory(m_core->transport().localEndpoint().host));
    }
    if (invitation.takeOffer())
        return true;
    invitation.dispose();
    return false;
}

void UserAgent::track(const std::shared_ptr<Session> &session)
{
    std::erase_if(m_sessions, [](const std::weak_ptr<Session> &weak) { return weak.expired(); });
    m_sessions.push_back(session);
    if (m_referralHandler)
        session->setReferralHandler(m_referralHandler);
    if (m_messageHandler)
        session->setMessageHandler(m_messageHandler);
}

void UserAgent::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    std::promise<void> done;
    boost::asio::post(m_thread.executor(), [this, &done] {
        disposeAll(m_sessions);
        disposeAll(m_messagers);
        disposeAll(m_registerers);
        disposeAll(m_subscribers);
        disposeAll(m_publishers);
        m_core.reset();
        m_dns.reset();
        for (Transport *transport :
             std::initializer_list<Transport *>{m_wss.get(), m_ws.get(), m_tls.get()}) {
            if (transport)
                transport->close();
        }
        m_wss.reset();
        m_ws.reset();
        m_tls.reset();
        if (m_tcp)
            m_tcp->close();
        m_tcp.reset();
        if (m_transport)
            m_transport->close();
        m_transport.reset();
        m_timers.reset();
        done.set_value();
    });
    done.get_future().wait();
    m_thread.stop();
}

} // namespace sipcore
