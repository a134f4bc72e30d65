#pragma once

#include "sipcore/syntax/messageparser.h"
#include "sipcore/transport/endpoint.h"

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <system_error>

namespace sipcore {

class Transport;

/// A message as it arrived: already parsed, with where it came from. For requests the top Via
/// already carries `received`/`rport` (RFC 3261 §18.2.1, RFC 3581).
struct ReceivedMessage
{
    SipMessageVariant message;
    Endpoint source;
    Transport *transport = nullptr;
};

/// A SIP transport (RFC 3261 §18). Runs on the core thread: every method must be called there
/// and every callback is invoked there. Contract: a send's completion is never invoked from
/// inside send() itself, so callers may send while holding their own state half-built.
class Transport
{
public:
    using ReceiveHandler = std::function<void(ReceivedMessage)>;
    using SendHandler = std::function<void(std::error_code)>;

    virtual ~Transport() = default;

    /// "UDP", "TCP", "TLS", "WS" or "WSS" as written in Via.
    virtual std::string_view protocol() const = 0;
    /// True for stream transports: no retransmission timers (RFC 3261 §17.1.1.2).
    virtual bool isReliable() const = 0;
    /// The address others reach us at (Via sent-by, Contact).
    virtual Endpoint localEndpoint() const = 0;
    /// Sends \a bytes to \a destination (resolving a host name first). \a onSent, if set,
    /// learns the outcome.
    virtual void send(std::string bytes, const Endpoint &destination, SendHandler onSent) = 0;
    /// Tells the transport that \a destination (an IP address) was found for \a serverName, the
    /// domain a secure connection there must prove it serves (RFC 5922 §4); a connection opened
    /// later to \a destination checks that name instead of the address. Unused by default.
    virtual void nameDestination(const Endpoint &destination, const std::string &serverName)
    {
        (void)destination;
        (void)serverName;
    }
    /// Stops receiving and sending; pending sends complete with TransportError::Closed.
    virtual void close() = 0;

    /// Completes a send with \a error later, never inside send() (the contract above).
    static void completeLater(const boost::asio::any_io_executor &executor,
                              SendHandler onSent,
                              std::error_code error);

    /// A datagram the parser refused, with why and where it came from. The handler decides
    /// whether to answer (RFC 3261 §18.3, RFC 4475); the bytes are valid only during the call.
    using RejectHandler = std::function<void(
            std::string_view datagram, std::error_code error, const Endpoint &source)>;

    /// The transport learned that messages to \a destination cannot arrive: for UDP an ICMP
    /// port, host or network unreachable (ConnectionRefused, Unreachable) after a send, for a
    /// stream a connection that failed to open or was reset or closed by the peer
    /// (ConnectionReset, ConnectionClosedByPeer). The handler decides what depends on it.
    using UnreachableHandler
            = std::function<void(const Endpoint &destination, std::error_code error)>;

    /// Where received messages go (set once, before the first message arrives).
    void setReceiveHandler(ReceiveHandler handler) { m_receiveHandler = std::move(handler); }
    /// Where refused datagrams go; without a handler they are only dropped.
    void setRejectHandler(RejectHandler handler) { m_rejectHandler = std::move(handler); }
    /// Where unreachable destinations are reported; without a handler they are only logged.
    void setUnreachableHandler(UnreachableHandler handler)
    {
        m_unreachableHandler = std::move(handler);
    }

protected:
    /// Parses one whole message received from \a source, stamps received/rport into a
    /// request's top Via (§18.2.1, RFC 3581) and delivers it; what does not parse goes to the
    /// reject handler, and its error is returned.
    std::error_code receiveText(std::string_view text, const Endpoint &source);

    void deliver(ReceivedMessage message)
    {
        if (m_receiveHandler)
            m_receiveHandler(std::move(message));
    }
    void reject(std::string_view datagram, std::error_code error, const Endpoint &source)
    {
        if (m_rejectHandler)
            m_rejectHandler(datagram, error, source);
    }

    void unreachable(const Endpoint &destination, std::error_code error)
    {
        if (m_unreachableHandler)
            m_unreachableHandler(destination, error);
    }

private:
    ReceiveHandler m_receiveHandler;
    RejectHandler m_rejectHandler;
    UnreachableHandler m_unreachableHandler;
};

} // namespace sipcore
