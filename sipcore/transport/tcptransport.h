#pragma once

#include "sipcore/transport/tcpconnection.h"
#include "sipcore/transport/transport.h"
#include "sipcore/util/logger.h"
#include "sipcore/util/timer.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <map>
#include <memory>

namespace sipcore {

struct TcpTransportConfig
{
    std::string host = "0.0.0.0"; ///< IPv4 or IPv6 literal to listen on; "0.0.0.0"/"::" for all
    std::uint16_t port = 5060;    ///< 0 picks any free port
    /// A connection with no traffic either way for this long is closed.
    Duration idleTimeout{std::chrono::minutes(2)};
};

/// SIP over TCP (RFC 3261 §18), IPv4 or IPv6. Listens for connections and opens its own; one
/// connection per peer address, reused for everything sent there, whichever side opened it, so
/// a response goes back over the connection its request came on (§18.2.2). Messages are
/// framed by Content-Length (StreamFramer); a stream that cannot be framed is closed. A peer
/// that resets or closes a connection is reported unreachable, so the transactions waiting on
/// it end at once. Lives on the core thread; closed before destruction.
class TcpTransport final : public Transport
{
public:
    TcpTransport(boost::asio::any_io_executor executor,
                 TcpTransportConfig config,
                 TimerFactory &timers,
                 const LoggerFactory &loggers);
    ~TcpTransport() override;

    /// Binds, listens and starts accepting. BindFailed when the address cannot be used.
    std::error_code listen();

    std::string_view protocol() const override { return "TCP"; }
    bool isReliable() const override { return true; }
    Endpoint localEndpoint() const override { return m_advertised; }
    /// Sends over the connection to \a destination, opening one (after resolving a host name)
    /// when there is none.
    void send(std::string bytes, const Endpoint &destination, SendHandler onSent) override;
    void close() override;

    /// Open connections, both directions.
    std::size_t connectionCount() const { return m_connections.size(); }

private:
    void doAccept();
    std::shared_ptr<TcpConnection> makeConnection(boost::asio::ip::tcp::socket socket,
                                                  const Endpoint &remote);
    void connectTo(const boost::asio::ip::tcp::endpoint &to,
                   std::shared_ptr<const std::string> bytes,
                   SendHandler onSent);
    void onClosed(TcpConnection &connection, std::error_code why);

    boost::asio::any_io_executor m_executor;
    TcpTransportConfig m_config;
    TimerFactory &m_timers;
    Logger m_logger;
    boost::asio::ip::tcp::acceptor m_acceptor;
    Endpoint m_advertised;
    std::map<std::string, std::shared_ptr<TcpConnection>> m_connections; // by remote "host:port"
    std::shared_ptr<bool> m_alive; // guards handlers against a closed/destroyed transport
};

} // namespace sipcore
