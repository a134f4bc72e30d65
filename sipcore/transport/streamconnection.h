#pragma once

#include "sipcore/transport/transport.h"
#include "sipcore/util/logger.h"
#include "sipcore/util/timer.h"

#include <boost/asio/buffer.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <array>
#include <deque>
#include <functional>
#include <memory>

namespace sipcore {

/// One connection of a StreamTransport (RFC 3261 §18.3): reads the stream and frames it into
/// messages (StreamFramer), writes queued messages one after another in order, answers a
/// CRLFCRLF ping with a CRLF pong (RFC 5626 §4.4.1), and closes itself after the idle timeout
/// without traffic. What lies between the socket and the SIP bytes (nothing for TCP, a TLS
/// session for TLS) is the subclass's. Lives on the core thread. Create with std::make_shared,
/// then start() an accepted connection or connect() an outgoing one.
class StreamConnection : public std::enable_shared_from_this<StreamConnection>
{
public:
    /// What the connection tells its transport. Neither is called after detach().
    struct Callbacks
    {
        /// One whole message; the view lives until the call returns.
        std::function<void(StreamConnection &, std::string_view message)> onMessage;
        /// The connection is closed: by the peer (ConnectionReset, ConnectionClosedByPeer), for
        /// a bad stream (BadStream), idle (no error), or as it failed to open (ConnectionRefused,
        /// Unreachable, TlsFailed, CertificateRejected). Called once.
        std::function<void(StreamConnection &, std::error_code)> onClosed;
    };

    /// \a scheme names the connection in the log ("tcp", "tls").
    StreamConnection(std::string_view scheme,
                     Endpoint remote,
                     std::unique_ptr<Timer> idleTimer,
                     Duration idleTimeout,
                     Callbacks callbacks,
                     Logger logger);
    /// A subclass's destructor calls detach() while its socket still exists.
    virtual ~StreamConnection();
    StreamConnection(const StreamConnection &) = delete;
    StreamConnection &operator=(const StreamConnection &) = delete;

    /// Opens an accepted connection (the server side of the session, if any), then reads.
    void start();
    /// Connects to \a to and opens the client side; queued sends go out once that is done, or
    /// fail with the reason it was not.
    void connect(const boost::asio::ip::tcp::endpoint &to);
    /// Queues \a bytes; \a onSent (optional) learns the outcome once written.
    void send(std::shared_ptr<const std::string> bytes, Transport::SendHandler onSent);
    /// Closes the socket; queued sends fail with TransportError::Closed. No callback.
    void detach();

    /// The peer's address (the key the transport files the connection under).
    const Endpoint &remote() const { return m_remote; }
    bool isConnected() const { return m_connected; }

protected:
    using IoHandler = std::function<void(const boost::system::error_code &, std::size_t)>;
    using OpenHandler = std::function<void(std::error_code)>;

    /// The TCP socket underneath.
    virtual boost::asio::ip::tcp::socket &socket() = 0;
    /// Runs what must happen on a fresh TCP connection before SIP flows (\a client: we
    /// connected), then \a done with no error or the TransportError that ends the connection.
    /// Called once; \a done must not be called from inside.
    virtual void open(bool client, OpenHandler done) = 0;
    virtual void readSome(boost::asio::mutable_buffer buffer, IoHandler handler) = 0;
    /// Writes all of \a buffer (for a message-oriented connection: as one message).
    virtual void write(boost::asio::const_buffer buffer, IoHandler handler) = 0;
    /// True when the layer below delimits messages itself (WebSocket, RFC 7118 §5): each of
    /// its messages is one SIP message, delivered whole without StreamFramer.
    virtual bool isMessageOriented() const { return false; }
    /// For a message-oriented connection: the last readSome() ended a message.
    virtual bool isMessageEnd() const { return false; }

    const Logger &logger() const { return m_logger; }
    /// "tcp:host:port" for the log.
    std::string name() const;

private:
    struct Pending
    {
        std::shared_ptr<const std::string> bytes;
        Transport::SendHandler onSent;
    };

    void opened(std::error_code error);
    void doRead();
    void onRead(const boost::system::error_code &ec, std::size_t size);
    void doWrite();
    void onWrite(const boost::system::error_code &ec);
    void touch();
    /// Closes, fails queued sends with \a sendError, and tells the transport \a why.
    void fail(std::error_code why, std::error_code sendError);

    std::string m_scheme;
    Endpoint m_remote;
    std::unique_ptr<Timer> m_idleTimer;
    Duration m_idleTimeout;
    Callbacks m_callbacks;
    Logger m_logger;
    std::array<char, 16384> m_chunk{};
    std::string m_input;
    std::deque<Pending> m_queue;
    bool m_connected = false;
    bool m_writing = false;
    bool m_closed = false;
};

} // namespace sipcore
