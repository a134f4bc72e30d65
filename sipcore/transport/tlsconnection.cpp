#include "sipcore/transport/tlsconnection.h"

#include "sipcore/transport/tlscontext.h"

#include <boost/asio/write.hpp>

namespace sipcore {

namespace asio = boost::asio;

TlsConnection::TlsConnection(asio::ip::tcp::socket socket,
                             asio::ssl::context &context,
                             std::string serverName,
                             Endpoint remote,
                             TimerFactory &timers,
                             StreamTiming timing,
                             Callbacks callbacks,
                             Logger logger)
    : StreamConnection(
            "tls", std::move(remote), timers, timing, std::move(callbacks), std::move(logger))
    , m_stream(std::move(socket), context)
    , m_serverName(std::move(serverName))
{}

TlsConnection::~TlsConnection()
{
    detach();
}

void TlsConnection::open(bool client, OpenHandler done)
{
    if (client)
        TlsContext::verifyServer(m_stream, m_serverName);
    const auto type = client ? asio::ssl::stream_base::client : asio::ssl::stream_base::server;
    m_stream.async_handshake(type, [this, self = shared_from_this(), client,
                                    done = std::move(done)](const boost::system::error_code &ec) {
        done(ec ? TlsContext::handshakeFailure(m_stream, client, m_serverName, ec, logger(), name())
                : std::error_code());
    });
}

void TlsConnection::readSome(asio::mutable_buffer buffer, IoHandler handler)
{
    m_stream.async_read_some(buffer, std::move(handler));
}

void TlsConnection::write(asio::const_buffer buffer, IoHandler handler)
{
    asio::async_write(m_stream, buffer, std::move(handler));
}

} // namespace sipcore
