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
        const std::error_code ec = m_transport->listen();
        if (onStarted)
            onStarted(ec, ec ? std::string() : "udp:" + m_transport->localEndpoint().toString());
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
