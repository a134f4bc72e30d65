#include "sipcore/session/messager.h"

#include "sipcore/core/useragentclient.h"
#include "sipcore/core/useragentcore.h"

#include <boost/asio/dispatch.hpp>

namespace sipcore {

Messager::Messager(UserAgentCore &core,
                   boost::asio::any_io_executor executor,
                   Uri target,
                   std::string body,
                   Listener listener,
                   MessagerOptions options)
    : m_core(core)
    , m_executor(std::move(executor))
    , m_target(std::move(target))
    , m_body(std::move(body))
    , m_listener(std::move(listener))
    , m_options(std::move(options))
{}

Messager::~Messager() = default;

void Messager::message()
{
    boost::asio::dispatch(m_executor, [self = shared_from_this()] { self->doMessage(); });
}

void Messager::doMessage()
{
    if (m_sent || m_disposed)
        return;
    m_sent = true;
    OutgoingRequestMessageOptions options;
    options.from = m_options.from;
    options.routeSet = m_options.routeSet;
    options.body = m_body;
    options.contentType = m_options.contentType;
    Request request = m_core.makeOutgoingRequestMessage(
            "MESSAGE", m_target, NameAddr{{}, m_target, {}}, std::move(options));
    m_client = m_core.request(std::move(request), this);
}

void Messager::finish(const Response &response)
{
    auto self = shared_from_this(); // the listener may drop its reference
    m_client.reset();
    if (!m_disposed && m_listener)
        m_listener(response.statusCode, response.reasonPhrase);
}

void Messager::dispose()
{
    m_disposed = true;
    if (m_client)
        m_client->dispose();
    m_client.reset();
}

} // namespace sipcore
