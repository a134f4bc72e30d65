#include "sipcore/transport/tcpconnection.h"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

namespace sipcore {

TcpConnection::TcpConnection(boost::asio::ip::tcp::socket socket,
                             Endpoint remote,
                             TimerFactory &timers,
                             StreamTiming timing,
                             Callbacks callbacks,
                             Logger logger)
    : StreamConnection(
            "tcp", std::move(remote), timers, timing, std::move(callbacks), std::move(logger))
    , m_socket(std::move(socket))
{}

TcpConnection::~TcpConnection()
{
    detach();
}

void TcpConnection::open(bool, OpenHandler done)
{
    boost::asio::post(m_socket.get_executor(), [done = std::move(done)] { done({}); });
}

void TcpConnection::readSome(boost::asio::mutable_buffer buffer, IoHandler handler)
{
    m_socket.async_read_some(buffer, std::move(handler));
}

void TcpConnection::write(boost::asio::const_buffer buffer, IoHandler handler)
{
    boost::asio::async_write(m_socket, buffer, std::move(handler));
}

} // namespace sipcore
