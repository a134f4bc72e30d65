#include "sipcore/session/useragent.h"

#include "sipcore/core/useragentcore.h"
#include "sipcore/util/asiotimerfactory.h"

#include <boost/asio/post.hpp>

#include <future>

namespace sipcore {

UserAgent::UserAgent(UserAgentOptions options)
    : m_options(std::move(options))
{
    // The core objects are made on the core thread, which alone touches them from then on;
    // waiting here makes the pointers safe to read (not to use) from the owner's thread.
    std::promise<void> made;
    boost::asio::post(m_thread.executor(), [this, &made] {
        m_timers = std::make_unique<AsioTimerFactory>(m_thread.executor());
        m_transport = std::make_unique<UdpTransport>(m_thread.executor(), m_options.transport,
                                                     m_options.core.loggerFactory);
        m_core = std::make_unique<UserAgentCore>(m_options.core, *m_transport, *m_timers);
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
        const std::string wanted
                = Endpoint{m_options.transport.host, m_options.transport.port}.toString();
        const auto failed = [&](std::string_view protocol, std::error_code ec) {
            if (onStarted)
                onStarted(ec, "Cannot listen for SIP over " + std::string(protocol) + " on "
                                      + wanted
                                      + ": the address is not this machine's or the port is "
                                        "in use. Choose another SIP listen address or port.");
        };
        // With port 0 another program may hold the TCP port UDP got: try a few.
        const int attempts = m_options.tcp && m_options.transport.port == 0 ? 8 : 1;
        for (int attempt = 1;; ++attempt) {
            if (const std::error_code ec = m_transport->listen()) {
                failed("UDP", ec);
                return;
            }
            if (!m_options.tcp)
                break;
            TcpTransportConfig tcp{.host = m_options.transport.host,
                                   .port = m_transport->localEndpoint().port,
                                   .idleTimeout = m_options.tcpIdleTimeout};
            m_tcp = std::make_unique<TcpTransport>(m_thread.executor(), tcp, *m_timers,
                                                   m_options.core.loggerFactory);
            const std::error_code ec = m_tcp->listen();
            if (!ec) {
                m_core->addTransport(*m_tcp);
                break;
            }
            m_tcp.reset();
            if (attempt == attempts) {
                m_transport->close();
                failed("TCP", ec);
                return;
            }
            m_transport->close();
        }
        if (onStarted)
            onStarted({}, "udp:" + m_transport->localEndpoint().toString());
    });
}

std::shared_ptr<Inviter> UserAgent::makeInviter(Uri target, Inviter::Listener listener)
{
    // Only the reference is taken here: the core is touched on the core thread alone.
    auto inviter = std::make_shared<Inviter>(*m_core, m_thread.executor(), std::move(target),
                                             std::move(listener));
    boost::asio::post(m_thread.executor(), [this, weak = std::weak_ptr<Inviter>(inviter)] {
        m_inviters.push_back(weak);
    });
    return inviter;
}

void UserAgent::stop()
{
    if (m_stopped)
        return;
    m_stopped = true;
    std::promise<void> done;
    boost::asio::post(m_thread.executor(), [this, &done] {
        for (auto &weak : m_inviters) {
            if (auto inviter = weak.lock())
                inviter->dispose();
        }
        m_inviters.clear();
        m_core.reset();
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
