#pragma once

#include "sipcore/transport/streamtransport.h"

#include <boost/asio/ssl/context.hpp>

namespace sipcore {

/// What a TLS transport trusts and presents. Files are PEM.
struct TlsSettings
{
    /// The CAs whose certificates we trust; empty: the system's store (OpenSSL's default
    /// paths, /etc/ssl/certs on Debian).
    std::string caFile;
    /// The certificate (chain) and private key we present: always as a server, as a client
    /// when the server asks. Empty: none, and connections to us fail their handshake.
    std::string certificateFile;
    std::string privateKeyFile;
    /// As a server, accept only clients whose certificate chains to the trusted CAs.
    bool requireClientCertificate = false;
};

/// SIP over TLS (RFC 3261 §26.2, RFC 5922 for the server's identity), IPv4 or IPv6: a
/// StreamTransport of TlsConnections. TLS 1.2 at least. A connection we open checks the
/// server's certificate against the trusted CAs and the host it was asked for; one that fails
/// is reported unreachable with CertificateRejected, so the request fails at once with a
/// reason saying so.
class TlsTransport final : public StreamTransport
{
public:
    TlsTransport(boost::asio::any_io_executor executor,
                 StreamTransportConfig config,
                 TlsSettings settings,
                 TimerFactory &timers,
                 const LoggerFactory &loggers);

    /// TlsSettingsInvalid when a file of the settings cannot be loaded (problem() says
    /// which), else as StreamTransport::listen().
    std::error_code listen() override;
    /// Which file of the settings could not be loaded and why; empty when all loaded.
    const std::string &problem() const { return m_problem; }

    std::string_view protocol() const override { return "TLS"; }

protected:
    std::shared_ptr<StreamConnection>
    createConnection(boost::asio::ip::tcp::socket socket,
                     const Endpoint &remote,
                     const std::string &serverName,
                     StreamConnection::Callbacks callbacks) override;

private:
    boost::asio::ssl::context m_context;
    std::string m_problem;
};

} // namespace sipcore
