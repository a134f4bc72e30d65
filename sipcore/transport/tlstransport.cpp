#include "sipcore/transport/tlstransport.h"

#include "sipcore/transport/tlsconnection.h"
#include "sipcore/transport/transporterror.h"

namespace sipcore {

TlsTransport::TlsTransport(boost::asio::any_io_executor executor,
                           StreamTransportConfig config,
                           TlsSettings settings,
                           TimerFactory &timers,
                           const LoggerFactory &loggers)
    : StreamTransport("tls", std::move(executor), std::move(config), timers, loggers)
    , m_tls(settings)
{
    if (!m_tls.problem().empty())
        logger().error(m_tls.problem());
}

std::error_code TlsTransport::listen()
{
    if (!m_tls.problem().empty())
        return TransportError::TlsSettingsInvalid;
    return StreamTransport::listen();
}

std::shared_ptr<StreamConnection>
TlsTransport::createConnection(boost::asio::ip::tcp::socket socket,
                               const Endpoint &remote,
                               const std::string &serverName,
                               StreamConnection::Callbacks callbacks)
{
    return std::make_shared<TlsConnection>(std::move(socket), m_tls.context(), serverName, remote,
                                           timers(), config().timing, std::move(callbacks),
                                           logger());
}

} // namespace sipcore
