#include "sipcore/transport/transporterror.h"

#include <string>

namespace sipcore {

namespace {

class TransportCategory final : public std::error_category
{
public:
    const char *name() const noexcept override { return "sipcore.transport"; }
    std::string message(int value) const override
    {
        switch (static_cast<TransportError>(value)) {
        case TransportError::BindFailed:
            return "cannot listen on the SIP address";
        case TransportError::ResolveFailed:
            return "host name not found";
        case TransportError::AddressFamilyMismatch:
            return "destination address family differs from the listening socket's";
        case TransportError::SendFailed:
            return "sending failed";
        case TransportError::ConnectionRefused:
            return "connection refused";
        case TransportError::MessageTooLarge:
            return "message too large for the transport";
        case TransportError::Closed:
            return "transport closed";
        case TransportError::Unreachable:
            return "destination unreachable";
        case TransportError::ConnectionReset:
            return "connection reset";
        case TransportError::ConnectionClosedByPeer:
            return "connection closed";
        case TransportError::BadStream:
            return "malformed stream";
        case TransportError::NoTransport:
            return "no transport for the protocol";
        case TransportError::TlsFailed:
            return "TLS handshake failed";
        case TransportError::CertificateRejected:
            return "TLS certificate rejected";
        case TransportError::TlsSettingsInvalid:
            return "TLS certificate, key or CA file cannot be loaded";
        case TransportError::WebSocketFailed:
            return "WebSocket handshake failed";
        case TransportError::KeepAliveFailed:
            return "keep-alive unanswered";
        }
        return "unknown transport error";
    }
};

} // namespace

const std::error_category &transportCategory()
{
    static const TransportCategory category;
    return category;
}

std::error_code make_error_code(TransportError error)
{
    return {static_cast<int>(error), transportCategory()};
}

} // namespace sipcore
