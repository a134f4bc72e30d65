#include "sipcore/transport/websocketconnection.h"

#include "sipcore/transport/tlscontext.h"
#include "sipcore/transport/transporterror.h"

#include <boost/asio/post.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/websocket/ssl.hpp>

namespace sipcore {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using asio::ip::tcp;

namespace {

constexpr auto Subprotocol = "sip"; // RFC 7118 §4.1

bool isSecure(const tcp::socket &)
{
    return false;
}

bool isSecure(const asio::ssl::stream<tcp::socket> &)
{
    return true;
}

} // namespace

template<class NextLayer>
WebSocketConnection<NextLayer>::WebSocketConnection(NextLayer next,
                                                    std::string serverName,
                                                    Endpoint remote,
                                                    TimerFactory &timers,
                                                    StreamTiming timing,
                                                    Callbacks callbacks,
                                                    Logger logger)
    : StreamConnection(isSecure(next) ? "wss" : "ws",
                       std::move(remote),
                       timers,
                       timing,
                       std::move(callbacks),
                       std::move(logger))
    , m_stream(std::move(next))
    , m_serverName(std::move(serverName))
{
    m_stream.text(true);
}

template<class NextLayer>
WebSocketConnection<NextLayer>::~WebSocketConnection()
{
    detach();
}

template<class NextLayer>
tcp::socket &WebSocketConnection<NextLayer>::socket()
{
    return beast::get_lowest_layer(m_stream);
}

template<class NextLayer>
void WebSocketConnection<NextLayer>::open(bool client, OpenHandler done)
{
    if constexpr (std::is_same_v<NextLayer, tcp::socket>) {
        openWebSocket(client, std::move(done));
    } else {
        auto &tls = m_stream.next_layer();
        if (client)
            TlsContext::verifyServer(tls, m_serverName);
        const auto type = client ? asio::ssl::stream_base::client : asio::ssl::stream_base::server;
        tls.async_handshake(type, [this, self = shared_from_this(), client,
                                   done = std::move(done)](const boost::system::error_code &ec) {
            if (ec) {
                done(TlsContext::handshakeFailure(m_stream.next_layer(), client, m_serverName, ec,
                                                  logger(), name()));
                return;
            }
            openWebSocket(client, std::move(done));
        });
    }
}

template<class NextLayer>
void WebSocketConnection<NextLayer>::openWebSocket(bool client, OpenHandler done)
{
    auto self = shared_from_this();
    if (client) {
        m_stream.set_option(websocket::stream_base::decorator([](websocket::request_type &request) {
            request.set(beast::http::field::sec_websocket_protocol, Subprotocol);
        }));
        auto response = std::make_shared<websocket::response_type>();
        const bool v6 = m_serverName.find(':') != std::string::npos;
        const std::string host = (v6 ? "[" + m_serverName + "]" : m_serverName) + ":"
                                 + std::to_string(remote().port);
        m_stream.async_handshake(
                *response, host, "/",
                [this, self, response,
                 done = std::move(done)](const boost::system::error_code &ec) {
                    if (ec) {
                        logger().warning(name() + " WebSocket handshake failed: " + ec.message());
                        done(TransportError::WebSocketFailed);
                        return;
                    }
                    if ((*response)[beast::http::field::sec_websocket_protocol] != Subprotocol) {
                        logger().warning(name() + " server did not accept the sip subprotocol");
                        done(TransportError::WebSocketFailed);
                        return;
                    }
                    done({});
                });
        return;
    }
    m_stream.set_option(websocket::stream_base::decorator([](websocket::response_type &response) {
        response.set(beast::http::field::sec_websocket_protocol, Subprotocol);
    }));
    m_stream.async_accept(
            [this, self, done = std::move(done)](const boost::system::error_code &ec) {
                if (ec)
                    logger().warning(name() + " WebSocket handshake failed: " + ec.message());
                done(ec ? std::error_code(TransportError::WebSocketFailed) : std::error_code());
            });
}

template<class NextLayer>
void WebSocketConnection<NextLayer>::readSome(asio::mutable_buffer buffer, IoHandler handler)
{
    m_stream.async_read_some(buffer, std::move(handler));
}

template<class NextLayer>
void WebSocketConnection<NextLayer>::write(asio::const_buffer buffer, IoHandler handler)
{
    m_stream.async_write(buffer, std::move(handler));
}

template class WebSocketConnection<tcp::socket>;
template class WebSocketConnection<asio::ssl::stream<tcp::socket>>;

} // namespace sipcore
