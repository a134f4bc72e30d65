#include "sipcore/transport/streamtransport.h"

#include "sipcore/transport/localaddress.h"
#include "sipcore/transport/transporterror.h"

#include <algorithm>

namespace sipcore {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

Endpoint endpointOf(const tcp::endpoint &endpoint)
{
    asio::ip::address address = endpoint.address();
    if (address.is_v6() && address.to_v6().is_v4_mapped())
        address = asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6());
    return Endpoint{address.to_string(), endpoint.port()};
}

} // namespace

StreamTransport::StreamTransport(std::string_view scheme,
                                 asio::any_io_executor executor,
                                 StreamTransportConfig config,
                                 TimerFactory &timers,
                                 const LoggerFactory &loggers)
    : m_scheme(scheme)
    , m_executor(executor)
    , m_config(std::move(config))
    , m_timers(timers)
    , m_logger(loggers.getLogger("ringback.sip.transport"))
    , m_acceptor(executor)
    , m_alive(std::make_shared<bool>(true))
{}

StreamTransport::~StreamTransport()
{
    close();
}

std::error_code StreamTransport::listen()
{
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(m_config.host, ec);
    if (ec) {
        m_logger.error("not an IP address: " + m_config.host);
        return TransportError::BindFailed;
    }
    const tcp::endpoint local(address, m_config.port);
    m_acceptor.open(local.protocol(), ec);
    if (!ec)
        m_acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec)
        m_acceptor.bind(local, ec);
    if (!ec)
        m_acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        m_logger.error("cannot listen on " + m_scheme + ":"
                       + Endpoint{m_config.host, m_config.port}.toString() + ": " + ec.message());
        m_acceptor.close(ec);
        return TransportError::BindFailed;
    }
    const tcp::endpoint bound = m_acceptor.local_endpoint(ec);
    m_advertised = Endpoint{address.is_unspecified() ? primaryAddress(address.is_v6())
                                                     : address.to_string(),
                            bound.port()};
    m_logger.info("listening on " + m_scheme + ":" + m_advertised.toString());
    doAccept();
    return {};
}

void StreamTransport::close()
{
    *m_alive = false;
    m_alive = std::make_shared<bool>(true);
    boost::system::error_code ignored;
    m_acceptor.close(ignored);
    auto connections = std::exchange(m_connections, {});
    for (auto &[key, connection] : connections)
        connection->detach();
}

void StreamTransport::doAccept()
{
    m_acceptor.async_accept(
            [this, alive = m_alive](const boost::system::error_code &ec, tcp::socket socket) {
                if (!*alive || ec == asio::error::operation_aborted)
                    return;
                if (!ec) {
                    boost::system::error_code remoteError;
                    const tcp::endpoint peer = socket.remote_endpoint(remoteError);
                    if (!remoteError) {
                        boost::system::error_code ignored;
                        socket.set_option(tcp::no_delay(true), ignored);
                        const Endpoint remote = endpointOf(peer);
                        m_logger.debug(m_scheme + ":" + remote.toString() + " connected to us");
                        makeConnection(std::move(socket), remote, {})->start();
                    }
                } else {
                    m_logger.warning("accept failed: " + ec.message());
                }
                if (m_acceptor.is_open())
                    doAccept();
            });
}

std::shared_ptr<StreamConnection> StreamTransport::makeConnection(tcp::socket socket,
                                                                  const Endpoint &remote,
                                                                  const std::string &serverName)
{
    StreamConnection::Callbacks callbacks;
    callbacks.onMessage = [this](StreamConnection &connection, std::string_view message) {
        if (const std::error_code error = receiveText(message, connection.remote()))
            m_logger.warning("refused a message from " + m_scheme + ":"
                             + connection.remote().toString() + ": " + error.message());
    };
    callbacks.onClosed = [this](StreamConnection &connection, std::error_code why) {
        onClosed(connection, why);
    };
    auto connection = createConnection(std::move(socket), remote, serverName, std::move(callbacks));
    // A newer connection from the same address (for the same name) replaces an older one.
    const std::string key = connectionKey(remote, serverName);
    if (auto old = m_connections.find(key); old != m_connections.end())
        old->second->detach();
    m_connections[key] = connection;
    return connection;
}

void StreamTransport::send(std::string bytes, const Endpoint &destination, SendHandler onSent)
{
    if (!m_acceptor.is_open())
        return completeLater(m_executor, std::move(onSent), TransportError::Closed);
    auto payload = std::make_shared<const std::string>(std::move(bytes));
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(destination.host, ec);
    if (!ec) {
        const auto named = m_serverNames.find(destination.toString());
        return connectTo(tcp::endpoint(address, destination.port),
                         named == m_serverNames.end() ? destination.host : named->second,
                         std::move(payload), std::move(onSent));
    }
    auto resolver = std::make_shared<tcp::resolver>(m_executor);
    resolver->async_resolve(
            destination.host, std::to_string(destination.port),
            [this, alive = m_alive, resolver, payload, onSent = std::move(onSent),
             host = destination.host](const boost::system::error_code &rec,
                                      const tcp::resolver::results_type &results) mutable {
                if (!*alive)
                    return onSent ? onSent(TransportError::Closed) : void();
                if (rec || results.empty()) {
                    m_logger.warning("cannot resolve " + host + ": " + rec.message());
                    return onSent ? onSent(TransportError::ResolveFailed) : void();
                }
                connectTo(results.begin()->endpoint(), host, std::move(payload), std::move(onSent));
            });
}

std::string StreamTransport::connectionKey(const Endpoint &remote,
                                           const std::string &serverName) const
{
    if (!verifiesServerName() || serverName.empty() || serverName == remote.host)
        return remote.toString();
    return remote.toString() + " " + serverName;
}

void StreamTransport::nameDestination(const Endpoint &destination, const std::string &serverName)
{
    m_serverNames[destination.toString()] = serverName;
}

void StreamTransport::connectTo(const tcp::endpoint &to,
                                const std::string &serverName,
                                std::shared_ptr<const std::string> bytes,
                                SendHandler onSent)
{
    const Endpoint remote = endpointOf(to);
    if (auto it = m_connections.find(connectionKey(remote, serverName)); it != m_connections.end())
        return it->second->send(std::move(bytes), std::move(onSent));
    m_logger.debug(m_scheme + ":" + remote.toString() + " connecting");
    auto connection = makeConnection(tcp::socket(m_executor), remote, serverName);
    connection->send(std::move(bytes), std::move(onSent));
    connection->connect(to);
}

void StreamTransport::onClosed(StreamConnection &connection, std::error_code why)
{
    const Endpoint remote = connection.remote();
    const auto it
            = std::find_if(m_connections.begin(), m_connections.end(),
                           [&](const auto &entry) { return entry.second.get() == &connection; });
    if (it != m_connections.end()) {
        auto keep = std::move(it->second); // released after the erase
        m_connections.erase(it);
    }
    // Idle or bad streams are our own doing; a peer that resets or hangs up, or cannot be
    // reached, leaves the transactions that wait on it without a response.
    if (why && why != TransportError::BadStream)
        unreachable(remote, why);
}

} // namespace sipcore
