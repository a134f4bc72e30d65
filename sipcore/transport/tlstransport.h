#pragma once

#include "sipcore/transport/streamtransport.h"

#include "sipcore/transport/tlscontext.h"

namespace sipcore {

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
    const std::string &problem() const { return m_tls.problem(); }

    std::string_view protocol() const override { return "TLS"; }

protected:
    bool verifiesServerName() const override { return true; }
    std::shared_ptr<StreamConnection>
    createConnection(boost::asio::ip::tcp::socket socket,
                     const Endpoint &remote,
                     const std::string &serverName,
                     StreamConnection::Callbacks callbacks) override;

private:
    TlsContext m_tls;
};

} // namespace sipcore
