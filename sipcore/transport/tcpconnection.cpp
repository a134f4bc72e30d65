#include "sipcore/transport/tcpconnection.h"

#include "sipcore/syntax/streamframer.h"
#include "sipcore/transport/transporterror.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>

namespace sipcore {

namespace asio = boost::asio;
using asio::ip::tcp;

TcpConnection::TcpConnection(tcp::socket socket,
                             Endpoint remote,
                             std::unique_ptr<Timer> idleTimer,
                             Duration idleTimeout,
                             Callbacks callbacks,
                             Logger logger)
    : m_socket(std::move(socket))
    , m_remote(std::move(remote))
    , m_idleTimer(std::move(idleTimer))
    , m_idleTimeout(idleTimeout)
    , m_callbacks(std::move(callbacks))
    , m_logger(std::move(logger))
{}

TcpConnection::~TcpConnection()
{
    detach();
}

void TcpConnection::start()
{
    m_connected = true;
    touch();
    doRead();
}

void TcpConnection::connect(const tcp::endpoint &to)
{
    touch();
    m_socket.async_connect(to, [self = shared_from_this()](const boost::system::error_code &ec) {
        if (self->m_closed)
            return;
        if (ec) {
            self->m_logger.warning("tcp:" + self->m_remote.toString()
                                   + " connect failed: " + ec.message());
            const std::error_code error = ec == asio::error::connection_refused
                                                  ? TransportError::ConnectionRefused
                                                  : TransportError::Unreachable;
            self->fail(error, error);
            return;
        }
        boost::system::error_code ignored;
        self->m_socket.set_option(tcp::no_delay(true), ignored);
        self->m_connected = true;
        self->doRead();
        self->doWrite();
    });
}

void TcpConnection::send(std::shared_ptr<const std::string> bytes, Transport::SendHandler onSent)
{
    if (m_closed) {
        Transport::completeLater(m_socket.get_executor(), std::move(onSent),
                                 TransportError::Closed);
        return;
    }
    m_queue.push_back(Pending{std::move(bytes), std::move(onSent)});
    if (m_connected)
        doWrite();
}

void TcpConnection::detach()
{
    m_callbacks = {};
    if (m_closed)
        return;
    m_closed = true;
    m_idleTimer->cancel();
    boost::system::error_code ignored;
    m_socket.close(ignored);
    for (Pending &pending : m_queue)
        Transport::completeLater(m_socket.get_executor(), std::move(pending.onSent),
                                 TransportError::Closed);
    m_queue.clear();
}

void TcpConnection::doRead()
{
    m_socket.async_read_some(
            asio::buffer(m_chunk),
            [self = shared_from_this()](const boost::system::error_code &ec, std::size_t size) {
                if (!self->m_closed)
                    self->onRead(ec, size);
            });
}

void TcpConnection::onRead(const boost::system::error_code &ec, std::size_t size)
{
    if (ec) {
        const bool reset = ec == asio::error::connection_reset || ec == asio::error::broken_pipe;
        const std::error_code why
                = reset ? TransportError::ConnectionReset : TransportError::ConnectionClosedByPeer;
        m_logger.info("tcp:" + m_remote.toString() + " " + why.message());
        fail(why, TransportError::Closed);
        return;
    }
    touch();
    m_input.append(m_chunk.data(), size);
    auto self = shared_from_this(); // the transport may drop us in a callback
    for (;;) {
        const StreamFramer::Result framed = StreamFramer::frame(m_input);
        if (framed.status == StreamFramer::Status::Bad) {
            m_logger.warning("tcp:" + m_remote.toString()
                             + " closed, stream cannot be framed: " + framed.error.message());
            fail(TransportError::BadStream, TransportError::Closed);
            return;
        }
        // RFC 5626 §4.4.1: a double CRLF is a ping and gets a single CRLF back.
        if (framed.keepAliveOctets >= 4)
            send(std::make_shared<const std::string>("\r\n"), nullptr);
        if (framed.status == StreamFramer::Status::NeedMore) {
            m_input.erase(0, framed.consumed);
            break;
        }
        if (m_callbacks.onMessage)
            m_callbacks.onMessage(*this, framed.message);
        if (m_closed)
            return;
        m_input.erase(0, framed.consumed);
    }
    doRead();
}

void TcpConnection::doWrite()
{
    if (m_writing || m_queue.empty() || m_closed)
        return;
    m_writing = true;
    asio::async_write(
            m_socket, asio::buffer(*m_queue.front().bytes),
            [self = shared_from_this()](const boost::system::error_code &ec, std::size_t) {
                self->m_writing = false;
                if (!self->m_closed)
                    self->onWrite(ec);
            });
}

void TcpConnection::onWrite(const boost::system::error_code &ec)
{
    Pending done = std::move(m_queue.front());
    m_queue.pop_front();
    if (ec) {
        m_logger.warning("tcp:" + m_remote.toString() + " write failed: " + ec.message());
        m_queue.push_front(std::move(done)); // fail() fails it with the rest
        fail(TransportError::ConnectionReset, TransportError::SendFailed);
        return;
    }
    touch();
    Transport::completeLater(m_socket.get_executor(), std::move(done.onSent), {});
    doWrite();
}

void TcpConnection::touch()
{
    std::weak_ptr<TcpConnection> weak = weak_from_this();
    m_idleTimer->start(m_idleTimeout, [weak] {
        auto self = weak.lock();
        if (!self || self->m_closed)
            return;
        self->m_logger.debug("tcp:" + self->m_remote.toString() + " idle, closing");
        self->fail({}, TransportError::Closed);
    });
}

void TcpConnection::fail(std::error_code why, std::error_code sendError)
{
    if (m_closed)
        return;
    auto callbacks = std::move(m_callbacks);
    m_callbacks = {};
    m_closed = true;
    m_idleTimer->cancel();
    boost::system::error_code ignored;
    m_socket.close(ignored);
    for (Pending &pending : m_queue)
        Transport::completeLater(m_socket.get_executor(), std::move(pending.onSent), sendError);
    m_queue.clear();
    if (callbacks.onClosed)
        callbacks.onClosed(*this, why);
}

} // namespace sipcore
