#pragma once

#include "sipcore/transport/transport.h"
#include "sipcore/util/logger.h"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/ip/udp.hpp>

#include <array>
#include <memory>

namespace sipcore {

struct UdpTransportConfig
{
    std::string host = "0.0.0.0"; ///< IPv4 or IPv6 literal to bind; "0.0.0.0"/"::" for all
    std::uint16_t port = 5060;    ///< 0 picks any free port
};

/// SIP over UDP (RFC 3261 §18), IPv4 or IPv6, with RFC 3581 rport. Datagrams that do not
/// parse go to the reject handler. ICMP errors for what we sent (port, host or network
/// unreachable) are read from the socket's error queue (IP_RECVERR) and reported with the
/// destination they concern.
/// Lives on the core thread; owned by one owner and closed before destruction.
class UdpTransport final : public Transport
{
public:
    UdpTransport(boost::asio::any_io_executor executor,
                 UdpTransportConfig config,
                 const LoggerFactory &loggers);
    ~UdpTransport() override;

    /// Binds and starts receiving. On failure the error names why (BindFailed wraps the
    /// system error text in the log).
    std::error_code listen();

    std::string_view protocol() const override { return "UDP"; }
    bool isReliable() const override { return false; }
    Endpoint localEndpoint() const override { return m_advertised; }
    void send(std::string bytes, const Endpoint &destination, SendHandler onSent) override;
    void close() override;

private:
    void doReceive();
    void onReceive(const boost::system::error_code &ec, std::size_t size);
    /// Reads every queued ICMP error and reports its destination unreachable.
    void drainErrorQueue();
    void sendTo(std::shared_ptr<std::string> bytes,
                const boost::asio::ip::udp::endpoint &to,
                SendHandler onSent);

    boost::asio::any_io_executor m_executor;
    UdpTransportConfig m_config;
    Logger m_logger;
    boost::asio::ip::udp::socket m_socket;
    boost::asio::ip::udp::endpoint m_sender;
    std::array<char, 65536> m_buffer{};
    Endpoint m_advertised;
    std::shared_ptr<bool> m_alive; // guards handlers against a closed/destroyed transport
};

} // namespace sipcore
