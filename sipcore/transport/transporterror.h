#pragma once

#include <system_error>

namespace sipcore {

/// Why the transport could not carry a message.
enum class TransportError {
    BindFailed = 1,
    ResolveFailed,
    AddressFamilyMismatch,
    SendFailed,
    ConnectionRefused,
    MessageTooLarge,
    Closed,
    Unreachable,            ///< ICMP host, network or protocol unreachable
    ConnectionReset,        ///< a stream connection was reset (RST)
    ConnectionClosedByPeer, ///< the peer closed a stream connection
    BadStream,              ///< a stream that cannot be framed; the connection was closed
    NoTransport,            ///< no transport for the protocol the destination requires
    TlsFailed,              ///< a TLS handshake failed for another reason than the certificate
    CertificateRejected,    ///< the peer's certificate is not trusted or names another host
    TlsSettingsInvalid,     ///< a certificate, key or CA file cannot be loaded
    WebSocketFailed,        ///< the WebSocket handshake failed or refused the sip subprotocol
    KeepAliveFailed,        ///< a keep-alive ping went unanswered (RFC 5626 §4.4.1)
};

const std::error_category &transportCategory();
std::error_code make_error_code(TransportError error);

} // namespace sipcore

template<>
struct std::is_error_code_enum<sipcore::TransportError> : std::true_type
{
};
