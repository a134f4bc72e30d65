#include "sipcore/transport/udptransport.h"

#include "sipcore/transport/localaddress.h"
#include "sipcore/transport/transporterror.h"

#include <boost/asio/ip/udp.hpp>
#include <boost/asio/post.hpp>

#include <cstring>

#include <arpa/inet.h>
#include <linux/errqueue.h>
#include <netinet/in.h>
#include <sys/socket.h>

namespace sipcore {

namespace asio = boost::asio;
using asio::ip::udp;

UdpTransport::UdpTransport(asio::any_io_executor executor,
                           UdpTransportConfig config,
                           const LoggerFactory &loggers)
    : m_executor(executor)
    , m_config(std::move(config))
    , m_logger(loggers.getLogger("ringback.sip.transport"))
    , m_socket(executor)
    , m_alive(std::make_shared<bool>(true))
{}

UdpTransport::~UdpTransport()
{
    close();
}

std::error_code UdpTransport::listen()
{
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(m_config.host, ec);
    if (ec) {
        m_logger.error("not an IP address: " + m_config.host);
        return TransportError::BindFailed;
    }
    const udp::endpoint local(address, m_config.port);
    m_socket.open(local.protocol(), ec);
    if (!ec)
        m_socket.bind(local, ec);
    if (ec) {
        m_logger.error("cannot bind " + Endpoint{m_config.host, m_config.port}.toString() + ": "
                       + ec.message());
        m_socket.close(ec);
        return TransportError::BindFailed;
    }
    // ip(7), ipv6(7): without IP_RECVERR an unconnected socket never hears of ICMP errors.
    const int on = 1;
    if (address.is_v6())
        ::setsockopt(m_socket.native_handle(), IPPROTO_IPV6, IPV6_RECVERR, &on, sizeof on);
    else
        ::setsockopt(m_socket.native_handle(), IPPROTO_IP, IP_RECVERR, &on, sizeof on);
    const udp::endpoint bound = m_socket.local_endpoint(ec);
    m_advertised = Endpoint{address.is_unspecified() ? primaryAddress(address.is_v6())
                                                     : address.to_string(),
                            bound.port()};
    m_logger.info("listening on udp:" + m_advertised.toString());
    doReceive();
    return {};
}

void UdpTransport::close()
{
    *m_alive = false;
    m_alive = std::make_shared<bool>(true);
    boost::system::error_code ignored;
    m_socket.close(ignored);
}

void UdpTransport::doReceive()
{
    m_socket.async_receive_from(
            asio::buffer(m_buffer), m_sender,
            [this, alive = m_alive](const boost::system::error_code &ec, std::size_t size) {
                if (*alive)
                    onReceive(ec, size);
            });
}

void UdpTransport::onReceive(const boost::system::error_code &ec, std::size_t size)
{
    if (ec == asio::error::operation_aborted || !m_socket.is_open())
        return;
    if (!ec) {
        const std::string_view datagram(m_buffer.data(), size);
        const Endpoint source{m_sender.address().to_string(), m_sender.port()};
        if (datagram.find_first_not_of("\r\n \t") == std::string_view::npos) {
            // RFC 5626 §4.4.1 keep-alive; nothing to do for UDP.
        } else if (const std::error_code error = receiveText(datagram, source)) {
            m_logger.warning("refused a datagram from " + source.toString() + ": "
                             + error.message());
        }
    } else {
        // An ICMP error surfaces as a failed receive (connection refused, host unreachable);
        // its details wait in the error queue.
        m_logger.debug("receive: " + ec.message());
        drainErrorQueue();
    }
    if (m_socket.is_open())
        doReceive();
}

void UdpTransport::drainErrorQueue()
{
    for (;;) {
        sockaddr_storage name{};
        std::array<char, 512> control{};
        char data[1];
        iovec vector{data, sizeof data};
        msghdr message{};
        message.msg_name = &name;
        message.msg_namelen = sizeof name;
        message.msg_iov = &vector;
        message.msg_iovlen = 1;
        message.msg_control = control.data();
        message.msg_controllen = control.size();
        if (::recvmsg(m_socket.native_handle(), &message, MSG_ERRQUEUE | MSG_DONTWAIT) < 0)
            return; // EAGAIN: the queue is empty
        const sock_extended_err *error = nullptr;
        for (cmsghdr *c = CMSG_FIRSTHDR(&message); c; c = CMSG_NXTHDR(&message, c)) {
            if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_RECVERR)
                || (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_RECVERR))
                error = reinterpret_cast<const sock_extended_err *>(CMSG_DATA(c));
        }
        if (!error
            || (error->ee_origin != SO_EE_ORIGIN_ICMP && error->ee_origin != SO_EE_ORIGIN_ICMP6))
            continue;
        // msg_name is where the offending datagram was going.
        Endpoint destination;
        char text[INET6_ADDRSTRLEN] = {};
        if (name.ss_family == AF_INET) {
            const auto *v4 = reinterpret_cast<const sockaddr_in *>(&name);
            ::inet_ntop(AF_INET, &v4->sin_addr, text, sizeof text);
            destination = Endpoint{text, ntohs(v4->sin_port)};
        } else if (name.ss_family == AF_INET6) {
            const auto *v6 = reinterpret_cast<const sockaddr_in6 *>(&name);
            ::inet_ntop(AF_INET6, &v6->sin6_addr, text, sizeof text);
            destination = Endpoint{text, ntohs(v6->sin6_port)};
        } else {
            continue;
        }
        const std::error_code reason = error->ee_errno == ECONNREFUSED
                                               ? TransportError::ConnectionRefused
                                               : TransportError::Unreachable;
        m_logger.warning("udp:" + destination.toString() + " unreachable: " + reason.message());
        unreachable(destination, reason);
    }
}

void UdpTransport::send(std::string bytes, const Endpoint &destination, SendHandler onSent)
{
    if (!m_socket.is_open())
        return completeLater(m_executor, std::move(onSent), TransportError::Closed);
    if (bytes.size() > 65507)
        return completeLater(m_executor, std::move(onSent), TransportError::MessageTooLarge);
    auto payload = std::make_shared<std::string>(std::move(bytes));
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(destination.host, ec);
    if (!ec)
        return sendTo(std::move(payload), udp::endpoint(address, destination.port),
                      std::move(onSent));

    auto resolver = std::make_shared<udp::resolver>(m_executor);
    const bool v6 = m_socket.local_endpoint(ec).address().is_v6();
    resolver->async_resolve(
            v6 ? udp::v6() : udp::v4(), destination.host, std::to_string(destination.port),
            [this, alive = m_alive, resolver, payload, onSent = std::move(onSent),
             host = destination.host](const boost::system::error_code &rec,
                                      const udp::resolver::results_type &results) mutable {
                if (!*alive)
                    return onSent ? onSent(TransportError::Closed) : void();
                if (rec || results.empty()) {
                    m_logger.warning("cannot resolve " + host + ": " + rec.message());
                    return onSent ? onSent(TransportError::ResolveFailed) : void();
                }
                sendTo(std::move(payload), results.begin()->endpoint(), std::move(onSent));
            });
}

void UdpTransport::sendTo(std::shared_ptr<std::string> bytes,
                          const udp::endpoint &to,
                          SendHandler onSent)
{
    boost::system::error_code ec;
    const auto local = m_socket.local_endpoint(ec);
    if (ec || local.address().is_v6() != to.address().is_v6())
        return completeLater(m_executor, std::move(onSent), TransportError::AddressFamilyMismatch);
    m_socket.async_send_to(asio::buffer(*bytes), to,
                           [this, alive = m_alive, bytes, onSent = std::move(onSent),
                            to](const boost::system::error_code &sec, std::size_t) {
                               if (!onSent)
                                   return;
                               if (!*alive)
                                   return onSent(TransportError::Closed);
                               if (sec) {
                                   m_logger.warning("send to " + to.address().to_string()
                                                    + " failed: " + sec.message());
                                   return onSent(sec == asio::error::connection_refused
                                                         ? TransportError::ConnectionRefused
                                                         : TransportError::SendFailed);
                               }
                               onSent({});
                           });
}

} // namespace sipcore
