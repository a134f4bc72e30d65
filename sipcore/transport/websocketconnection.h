#pragma once

#include "sipcore/transport/streamconnection.h"

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/beast/websocket/stream.hpp>

namespace sipcore {

/// A StreamConnection carrying SIP over WebSocket (RFC 7118): each SIP message is one
/// WebSocket text message, the handshake negotiates the "sip" subprotocol (a client refuses a
/// server that does not select it), and WebSocket pings are answered by Boost.Beast. Plain
/// (WS) over a TCP socket, or secure (WSS) over a TLS stream whose client side checks the
/// server's certificate as TlsConnection does. Instantiated for those two layers only.
template<class NextLayer>
class WebSocketConnection final : public StreamConnection
{
public:
    /// \a serverName: the host a client connection was asked for (the Host header, and for
    /// WSS the name the certificate must prove); unused on the server side.
    WebSocketConnection(NextLayer next,
                        std::string serverName,
                        Endpoint remote,
                        TimerFactory &timers,
                        StreamTiming timing,
                        Callbacks callbacks,
                        Logger logger);
    ~WebSocketConnection() override;

protected:
    boost::asio::ip::tcp::socket &socket() override;
    void open(bool client, OpenHandler done) override;
    void readSome(boost::asio::mutable_buffer buffer, IoHandler handler) override;
    void write(boost::asio::const_buffer buffer, IoHandler handler) override;
    bool isMessageOriented() const override { return true; }
    bool isMessageEnd() const override { return m_stream.is_message_done(); }

private:
    void openWebSocket(bool client, OpenHandler done);

    boost::beast::websocket::stream<NextLayer> m_stream;
    std::string m_serverName;
};

using WsConnection = WebSocketConnection<boost::asio::ip::tcp::socket>;
using WssConnection = WebSocketConnection<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>;

extern template class WebSocketConnection<boost::asio::ip::tcp::socket>;
extern template class WebSocketConnection<boost::asio::ssl::stream<boost::asio::ip::tcp::socket>>;

} // namespace sipcore
