#include "sipcore/transport/tcptransport.h"

#include "sipcore/transport/tcpconnection.h"

namespace sipcore {

TcpTransport::TcpTransport(boost::asio::any_io_executor executor,
                           TcpTransportConfig config,
                           TimerFactory &timers,
                           const LoggerFactory &loggers)
    : StreamTransport("tcp", std::move(executor), std::move(config), timers, loggers)
{}

std::shared_ptr<StreamConnection>
TcpTransport::createConnection(boost::asio::ip::tcp::socket socket,
                               const Endpoint &remote,
                               const std::string &,
                               StreamConnection::Callbacks callbacks)
{
    return std::make_shared<TcpConnection>(std::move(socket), remote, timers(), config().timing,
                                           std::move(callbacks), logger());
}

} // namespace sipcore
