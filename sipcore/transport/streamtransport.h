#pragma once

#include "sipcore/transport/streamconnection.h"
#include "sipcore/transport/transport.h"
#include "sipcore/util/logger.h"
#include "sipcore/util/timer.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <map>
#include <memory>

namespace sipcore {

/// Where a stream transport listens, how long it keeps a connection nobody uses, and how
/// often it pings the connections it opened (StreamConnection).
struct StreamTransportConfig
{
    std::string host = "0.0.0.0"; ///< IPv4 or IPv6 literal to listen on; "0.0.0.0"/"::" for all
    std::uint16_t port = 5060;    ///< 0 picks any free port
    StreamTiming timing;
};

/// What TCP and TLS share (RFC 3261 §18): listens for connections and opens its own; one
/// connection per peer address, reused for everything sent there, whichever side opened it,
/// so a response goes back over the connection its request came on (§18.2.2). Messages are
/// framed by Content-Length (StreamFramer); a stream that cannot be framed is closed. A peer
/// that resets or closes a connection, or one that cannot be opened, is reported unreachable,
/// so the transactions waiting on it end at once. The subclass makes the connections. Lives on
/// the core thread; closed before destruction.
class StreamTransport : public Transport
{
public:
    /// \a scheme names the transport in the log ("tcp", "tls").
    StreamTransport(std::string_view scheme,
                    boost::asio::any_io_executor executor,
                    StreamTransportConfig config,
                    TimerFactory &timers,
                    const LoggerFactory &loggers);
    ~StreamTransport() override;

    /// Binds, listens and starts accepting. BindFailed when the address cannot be used.
    virtual std::error_code listen();

    bool isReliable() const override { return true; }
    Endpoint localEndpoint() const override { return m_advertised; }
    /// Sends over the connection to \a destination, opening one (after resolving a host name)
    /// when there is none.
    void send(std::string bytes, const Endpoint &destination, SendHandler onSent) override;
    void nameDestination(const Endpoint &destination, const std::string &serverName) override;
    void close() override;

    /// Open connections, both directions.
    std::size_t connectionCount() const { return m_connections.size(); }

protected:
    /// A connection over \a socket to \a remote; \a serverName is the host a connection we
    /// open was asked for (the name the peer must prove), empty for an accepted one.
    /// Give it timers(), config().timing and logger().
    virtual std::shared_ptr<StreamConnection>
    createConnection(boost::asio::ip::tcp::socket socket,
                     const Endpoint &remote,
                     const std::string &serverName,
                     StreamConnection::Callbacks callbacks)
            = 0;
    /// True when a connection we open proves the server's name (TLS): one opened for a name
    /// then serves only that name, and another name at the same address gets its own.
    virtual bool verifiesServerName() const { return false; }
    const Logger &logger() const { return m_logger; }
    TimerFactory &timers() { return m_timers; }
    const StreamTransportConfig &config() const { return m_config; }

private:
    void doAccept();
    std::shared_ptr<StreamConnection> makeConnection(boost::asio::ip::tcp::socket socket,
                                                     const Endpoint &remote,
                                                     const std::string &serverName);
    void connectTo(const boost::asio::ip::tcp::endpoint &to,
                   const std::string &serverName,
                   std::shared_ptr<const std::string> bytes,
                   SendHandler onSent);
    void onClosed(StreamConnection &connection, std::error_code why);
    /// Where m_connections files a connection to \a remote opened for \a serverName.
    std::string connectionKey(const Endpoint &remote, const std::string &serverName) const;

    std::string m_scheme;
    boost::asio::any_io_executor m_executor;
    StreamTransportConfig m_config;
    TimerFactory &m_timers;
    Logger m_logger;
    boost::asio::ip::tcp::acceptor m_acceptor;
    Endpoint m_advertised;
    /// By "host:port", and "host:port name" for one that proved a name other than its address.
    std::map<std::string, std::shared_ptr<StreamConnection>> m_connections;
    std::map<std::string, std::string> m_serverNames; // by "host:port", from nameDestination()
    std::shared_ptr<bool> m_alive; // guards handlers against a closed/destroyed transport
};

} // namespace sipcore
