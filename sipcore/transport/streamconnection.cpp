#include "sipcore/transport/streamconnection.h"

#include "sipcore/syntax/streamframer.h"
#include "sipcore/transport/transporterror.h"

#include <random>

namespace sipcore {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

/// RFC 5626 §4.4.1: each wait between pings is drawn from 80 to 100 % of the interval, so
/// clients that started together do not ping together.
Duration jittered(Duration interval)
{
    thread_local std::minstd_rand generator{std::random_device{}()};
    std::uniform_int_distribution<Duration::rep> draw(interval.count() * 4 / 5, interval.count());
    return Duration(draw(generator));
}

} // namespace

StreamConnection::StreamConnection(std::string_view scheme,
                                   Endpoint remote,
                                   TimerFactory &timers,
                                   StreamTiming timing,
                                   Callbacks callbacks,
                                   Logger logger)
    : m_scheme(scheme)
    , m_remote(std::move(remote))
    , m_timing(timing)
    , m_idleTimer(timers.createTimer())
    , m_pingTimer(timers.createTimer())
    , m_pongTimer(timers.createTimer())
    , m_callbacks(std::move(callbacks))
    , m_logger(std::move(logger))
{}

StreamConnection::~StreamConnection() = default;

std::string StreamConnection::name() const
{
    return m_scheme + ":" + m_remote.toString();
}

void StreamConnection::start()
{
    touch();
    open(false, [self = shared_from_this()](std::error_code error) { self->opened(error); });
}

void StreamConnection::connect(const tcp::endpoint &to)
{
    m_client = true;
    touch();
    socket().async_connect(to, [self = shared_from_this()](const boost::system::error_code &ec) {
        if (self->m_closed)
            return;
        if (ec) {
            self->m_logger.warning(self->name() + " connect failed: " + ec.message());
            const std::error_code error = ec == asio::error::connection_refused
                                                  ? TransportError::ConnectionRefused
                                                  : TransportError::Unreachable;
            self->fail(error, error);
            return;
        }
        boost::system::error_code ignored;
        self->socket().set_option(tcp::no_delay(true), ignored);
        self->open(true, [self](std::error_code error) { self->opened(error); });
    });
}

void StreamConnection::opened(std::error_code error)
{
    if (m_closed)
        return;
    if (error) {
        fail(error, error);
        return;
    }
    m_connected = true;
    touch();
    schedulePing();
    doRead();
    doWrite();
}

void StreamConnection::send(std::shared_ptr<const std::string> bytes, Transport::SendHandler onSent)
{
    if (m_closed) {
        Transport::completeLater(socket().get_executor(), std::move(onSent),
                                 TransportError::Closed);
        return;
    }
    m_queue.push_back(Pending{std::move(bytes), std::move(onSent)});
    if (m_connected)
        doWrite();
}

void StreamConnection::detach()
{
    m_callbacks = {};
    if (m_closed)
        return;
    m_closed = true;
    stopTimers();
    boost::system::error_code ignored;
    socket().close(ignored);
    for (Pending &pending : m_queue)
        Transport::completeLater(socket().get_executor(), std::move(pending.onSent),
                                 TransportError::Closed);
    m_queue.clear();
}

void StreamConnection::doRead()
{
    readSome(asio::buffer(m_chunk),
             [self = shared_from_this()](const boost::system::error_code &ec, std::size_t size) {
                 if (!self->m_closed)
                     self->onRead(ec, size);
             });
}

void StreamConnection::onRead(const boost::system::error_code &ec, std::size_t size)
{
    if (ec) {
        const bool reset = ec == asio::error::connection_reset || ec == asio::error::broken_pipe;
        const std::error_code why
                = reset ? TransportError::ConnectionReset : TransportError::ConnectionClosedByPeer;
        m_logger.info(name() + " " + why.message() + " (" + ec.message() + ")");
        fail(why, TransportError::Closed);
        return;
    }
    touch();
    m_pongTimer->cancel(); // whatever the peer sends shows it is there
    m_input.append(m_chunk.data(), size);
    auto self = shared_from_this(); // the transport may drop us in a callback
    if (isMessageOriented()) {
        if (m_input.size() > StreamFramer::Limits{}.maxMessageSize) {
            m_logger.warning(name() + " closed, message over "
                             + std::to_string(StreamFramer::Limits{}.maxMessageSize) + " octets");
            fail(TransportError::BadStream, TransportError::Closed);
            return;
        }
        if (!isMessageEnd()) {
            doRead();
            return;
        }
        const std::string message = std::exchange(m_input, {});
        if (m_callbacks.onMessage)
            m_callbacks.onMessage(*this, message);
        if (!m_closed)
            doRead();
        return;
    }
    for (;;) {
        const StreamFramer::Result framed = StreamFramer::frame(m_input);
        if (framed.status == StreamFramer::Status::Bad) {
            m_logger.warning(name()
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

void StreamConnection::doWrite()
{
    if (!m_connected || m_writing || m_queue.empty() || m_closed)
        return;
    m_writing = true;
    write(asio::buffer(*m_queue.front().bytes),
          [self = shared_from_this()](const boost::system::error_code &ec, std::size_t) {
              self->m_writing = false;
              if (!self->m_closed)
                  self->onWrite(ec);
          });
}

void StreamConnection::onWrite(const boost::system::error_code &ec)
{
    Pending done = std::move(m_queue.front());
    m_queue.pop_front();
    if (ec) {
        m_logger.warning(name() + " write failed: " + ec.message());
        m_queue.push_front(std::move(done)); // fail() fails it with the rest
        fail(TransportError::ConnectionReset, TransportError::SendFailed);
        return;
    }
    touch();
    Transport::completeLater(socket().get_executor(), std::move(done.onSent), {});
    doWrite();
}

void StreamConnection::touch()
{
    std::weak_ptr<StreamConnection> weak = weak_from_this();
    m_idleTimer->start(m_timing.idleTimeout, [weak] {
        auto self = weak.lock();
        if (!self || self->m_closed)
            return;
        self->m_logger.debug(self->name() + " idle, closing");
        self->fail({}, TransportError::Closed);
    });
}

void StreamConnection::schedulePing()
{
    if (!m_client || m_timing.keepAliveInterval <= Duration::zero() || isMessageOriented())
        return;
    std::weak_ptr<StreamConnection> weak = weak_from_this();
    m_pingTimer->start(jittered(m_timing.keepAliveInterval), [weak] {
        if (auto self = weak.lock(); self && !self->m_closed)
            self->ping();
    });
}

void StreamConnection::ping()
{
    send(std::make_shared<const std::string>("\r\n\r\n"), nullptr);
    if (!m_pongTimer->isActive()) {
        std::weak_ptr<StreamConnection> weak = weak_from_this();
        m_pongTimer->start(PongTimeout, [weak] {
            auto self = weak.lock();
            if (!self || self->m_closed)
                return;
            self->m_logger.warning(self->name() + " sent no pong within "
                                   + std::to_string(PongTimeout.count() / 1000)
                                   + " s of a keep-alive ping, closing");
            self->fail(TransportError::KeepAliveFailed, TransportError::Closed);
        });
    }
    schedulePing();
}

void StreamConnection::stopTimers()
{
    m_idleTimer->cancel();
    m_pingTimer->cancel();
    m_pongTimer->cancel();
}

void StreamConnection::fail(std::error_code why, std::error_code sendError)
{
    if (m_closed)
        return;
    auto callbacks = std::move(m_callbacks);
    m_callbacks = {};
    m_closed = true;
    stopTimers();
    boost::system::error_code ignored;
    socket().close(ignored);
    for (Pending &pending : m_queue)
        Transport::completeLater(socket().get_executor(), std::move(pending.onSent), sendError);
    m_queue.clear();
    if (callbacks.onClosed)
        callbacks.onClosed(*this, why);
}

} // namespace sipcore
