#pragma once

#include "sipcore/transport/streamtransport.h"
#include "sipcore/transport/tlscontext.h"

#include <optional>

namespace sipcore {

/// SIP over WebSocket (RFC 7118), IPv4 or IPv6: WS, or WSS when given TLS settings (the
/// server's certificate checked as TlsTransport does). A StreamTransport of
/// WebSocketConnections: it listens for WebSocket clients and opens its own connections to
/// ws://host:port/ (wss://), one per peer address.
class WebSocketTransport final : public StreamTransport
{
public:
    /// \a tls: nullopt for WS, the settings for WSS.
    WebSocketTransport(boost::asio::any_io_executor executor,
                       StreamTransportConfig config,
                       std::optional<TlsSettings> tls,
                       TimerFactory &timers,
                       const LoggerFactory &loggers);

    /// For WSS, TlsSettingsInvalid when a file of the settings cannot be loaded (problem()
    /// says which); else as StreamTransport::listen().
    std::error_code listen() override;
    /// Which TLS file could not be loaded and why; empty when all loaded (always for WS).
    std::string problem() const { return m_tls ? m_tls->problem() : std::string(); }

    std::string_view protocol() const override { return m_tls ? "WSS" : "WS"; }

protected:
    bool verifiesServerName() const override { return m_tls.has_value(); }
    std::shared_ptr<StreamConnection>
    createConnection(boost::asio::ip::tcp::socket socket,
                     const Endpoint &remote,
                     const std::string &serverName,
                     StreamConnection::Callbacks callbacks) override;

private:
    std::optional<TlsContext> m_tls;
};

} // namespace sipcore
