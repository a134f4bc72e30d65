#pragma once

#include "sipcore/transport/transport.h"
#include "sipcore/util/logger.h"
#include "sipcore/util/timer.h"

#include <boost/asio/ip/tcp.hpp>

#include <array>
#include <deque>
#include <memory>

namespace sipcore {

/// One connection of a TcpTransport (RFC 3261 §18.3): reads the stream and frames it into
/// messages (StreamFramer), writes queued messages one after another in order, answers a
/// CRLFCRLF ping with a CRLF pong (RFC 5626 §4.4.1), and closes itself after \a idleTimeout
/// without traffic. Lives on the core thread. Create with std::make_shared, then start() an
/// accepted connection or connect() an outgoing one.
class TcpConnection : public std::enable_shared_from_this<TcpConnection>
{
public:
    /// What the connection tells its transport. Neither is called after detach().
    struct Callbacks
    {
        /// One whole message; the view lives until the call returns.
        std::function<void(TcpConnection &, std::string_view message)> onMessage;
        /// The connection is closed: by the peer (ConnectionReset, ConnectionClosedByPeer), for
        /// a bad stream (BadStream), idle (no error), or as it failed to connect. Called once.
        std::function<void(TcpConnection &, std::error_code)> onClosed;
    };

    TcpConnection(boost::asio::ip::tcp::socket socket,
                  Endpoint remote,
                  std::unique_ptr<Timer> idleTimer,
                  Duration idleTimeout,
                  Callbacks callbacks,
                  Logger logger);
    ~TcpConnection();
    TcpConnection(const TcpConnection &) = delete;
    TcpConnection &operator=(const TcpConnection &) = delete;

    /// Starts reading an accepted connection.
    void start();
    /// Connects to \a to; queued sends go out once connected, or fail with ConnectionRefused.
    void connect(const boost::asio::ip::tcp::endpoint &to);
    /// Queues \a bytes; \a onSent (optional) learns the outcome once written.
    void send(std::shared_ptr<const std::string> bytes, Transport::SendHandler onSent);
    /// Closes the socket; queued sends fail with TransportError::Closed. No callback.
    void detach();

    /// The peer's address (the key the transport files the connection under).
    const Endpoint &remote() const { return m_remote; }
    bool isConnected() const { return m_connected; }

private:
    struct Pending
    {
        std::shared_ptr<const std::string> bytes;
        Transport::SendHandler onSent;
    };

    void doRead();
    void onRead(const boost::system::error_code &ec, std::size_t size);
    void doWrite();
    void onWrite(const boost::system::error_code &ec);
    void touch();
    /// Closes, fails queued sends with \a sendError, and tells the transport \a why.
    void fail(std::error_code why, std::error_code sendError);

    boost::asio::ip::tcp::socket m_socket;
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
