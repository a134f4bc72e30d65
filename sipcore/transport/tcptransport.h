#pragma once

#include "sipcore/transport/streamtransport.h"

namespace sipcore {

using TcpTransportConfig = StreamTransportConfig;

/// SIP over TCP (RFC 3261 §18), IPv4 or IPv6: a StreamTransport of TcpConnections.
class TcpTransport final : public StreamTransport
{
public:
    TcpTransport(boost::asio::any_io_executor executor,
                 TcpTransportConfig config,
                 TimerFactory &timers,
                 const LoggerFactory &loggers);

    std::string_view protocol() const override { return "TCP"; }

protected:
    std::shared_ptr<StreamConnection>
    createConnection(boost::asio::ip::tcp::socket socket,
                     const Endpoint &remote,
                     const std::string &serverName,
                     StreamConnection::Callbacks callbacks) override;
};

} // namespace sipcore
