#include "sipcore/transport/websockettransport.h"

#include "sipcore/transport/transporterror.h"
#include "sipcore/transport/websocketconnection.h"

namespace sipcore {

WebSocketTransport::WebSocketTransport(boost::asio::any_io_executor executor,
                                       StreamTransportConfig config,
                                       std::optional<TlsSettings> tls,
                                       TimerFactory &timers,
                                       const LoggerFactory &loggers)
    : StreamTransport(tls ? "wss" : "ws", std::move(executor), std::move(config), timers, loggers)
{
    if (tls) {
        m_tls.emplace(*tls);
        if (!m_tls->problem().empty())
            logger().error(m_tls->problem());
    }
}

std::error_code WebSocketTransport::listen()
{
    if (m_tls && !m_tls->problem().empty())
        return TransportError::TlsSettingsInvalid;
    return StreamTransport::listen();
}

std::shared_ptr<StreamConnection>
WebSocketTransport::createConnection(boost::asio::ip::tcp::socket socket,
                                     const Endpoint &remote,
                                     const std::string &serverName,
                                     StreamConnection::Callbacks callbacks)
{
    if (m_tls)
        return std::make_shared<WssConnection>(
                boost::asio::ssl::stream<boost::asio::ip::tcp::socket>(std::move(socket),
                                                                       m_tls->context()),
                serverName, remote, timers(), config().timing, std::move(callbacks), logger());
    return std::make_shared<WsConnection>(std::move(socket), serverName, remote, timers(),
                                          config().timing, std::move(callbacks), logger());
}

} // namespace sipcore
