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

/// How long a stream connection waits.
struct StreamTiming
{
    /// Without traffic either way for this long, the connection closes itself.
    Duration idleTimeout{std::chrono::minutes(2)};
    /// Between CRLFCRLF pings on a connection we opened; zero sends none. RFC 5626 §4.4.1
    /// recommends 95 to 120 s for TCP.
    Duration keepAliveInterval{0};
};

/// One connection of a StreamTransport (RFC 3261 §18.3): reads the stream and frames it into
/// messages (StreamFramer), writes queued messages one after another in order, answers a
/// CRLFCRLF ping with a CRLF pong (RFC 5626 §4.4.1), and closes itself after the idle timeout
/// without traffic. A connection it opened itself may keep itself alive (RFC 5626 §4.4.1):
/// it pings at the keep-alive interval (each wait drawn between 80 and 100 % of it), and a
/// peer that sends nothing back within 10 s of a ping has failed the connection. Pings are
/// traffic, so a connection whose peer answers them is never idle. What lies between the socket and
/// the SIP bytes (nothing for TCP, a TLS session for TLS) is the subclass's. Lives on the core
/// thread. Create with std::make_shared, then start() an accepted connection or connect() an
/// outgoing one.
class StreamConnection : public std::enable_shared_from_this<StreamConnection>
{
public:
    /// What the connection tells its transport. Neither is called after detach().
    struct Callbacks
    {
        /// One whole message; the view lives until the call returns.
        std::function<void(StreamConnection &, std::string_view message)> onMessage;
        /// The connection is closed: by the peer (ConnectionReset, ConnectionClosedByPeer), for
        /// a bad stream (BadStream), idle (no error), a ping without answer (KeepAliveFailed),
        /// or as it failed to open (ConnectionRefused, Unreachable, TlsFailed,
        /// CertificateRejected). Called once.
        std::function<void(StreamConnection &, std::error_code)> onClosed;
    };

    /// How long a peer has to answer a ping (RFC 5626 §4.4.1).
    static constexpr Duration PongTimeout{std::chrono::seconds(10)};

    /// \a scheme names the connection in the log ("tcp", "tls"); its timers come from
    /// \a timers, which outlives it.
    StreamConnection(std::string_view scheme,
                     Endpoint remote,
                     TimerFactory &timers,
                     StreamTiming timing,
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
    /// Arms the next keep-alive ping, if this connection sends them.
    void schedulePing();
    void ping();
    void stopTimers();
    /// Closes, fails queued sends with \a sendError, and tells the transport \a why.
    void fail(std::error_code why, std::error_code sendError);

    std::string m_scheme;
    Endpoint m_remote;
    StreamTiming m_timing;
    std::unique_ptr<Timer> m_idleTimer;
    std::unique_ptr<Timer> m_pingTimer;
    std::unique_ptr<Timer> m_pongTimer;
    Callbacks m_callbacks;
    Logger m_logger;
    std::array<char, 16384> m_chunk{};
    std::string m_input;
    std::deque<Pending> m_queue;
    bool m_client = false; ///< we opened it (connect()), so we keep it alive
    bool m_connected = false;
    bool m_writing = false;
    bool m_closed = false;
};

} // namespace sipcore
