#pragma once

#include "sipcore/transport/streamconnection.h"

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>

namespace sipcore {

/// A StreamConnection over a TLS session (RFC 3261 §26.2, RFC 5922, RFC 5246/8446 through
/// OpenSSL). The client side sends \a serverName as SNI (unless it is an IP literal) and
/// requires the server's certificate to chain to the context's trusted roots and to name
/// \a serverName (a DNS name or an IP address in subjectAltName). The server side presents the
/// context's certificate. A handshake that fails ends the connection with CertificateRejected
/// (the peer's certificate did not verify) or TlsFailed (anything else).
class TlsConnection final : public StreamConnection
{
public:
    /// \a serverName: the host the client side verifies; unused on the server side.
    TlsConnection(boost::asio::ip::tcp::socket socket,
                  boost::asio::ssl::context &context,
                  std::string serverName,
                  Endpoint remote,
                  TimerFactory &timers,
                  StreamTiming timing,
                  Callbacks callbacks,
                  Logger logger);
    ~TlsConnection() override;

protected:
    boost::asio::ip::tcp::socket &socket() override { return m_stream.next_layer(); }
    void open(bool client, OpenHandler done) override;
    void readSome(boost::asio::mutable_buffer buffer, IoHandler handler) override;
    void write(boost::asio::const_buffer buffer, IoHandler handler) override;

private:
    boost::asio::ssl::stream<boost::asio::ip::tcp::socket> m_stream;
    std::string m_serverName;
};

} // namespace sipcore
