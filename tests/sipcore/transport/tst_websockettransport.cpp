// Covers WebSocketTransport (RFC 7118) on real loopback sockets: a request and its response
// over one WebSocket connection, WS over IPv4 and IPv6 and WSS with a CA the test makes; a
// WSS server whose certificate names another host rejected with CertificateRejected; a SIP
// message without Content-Length taken whole from its WebSocket message (a plain Beast client
// sends it); and a server that does not select the "sip" subprotocol refused (a plain Beast
// server), the send failing with WebSocketFailed.
#include "support/recordingtransport.h"
#include "support/rununtil.h"
#include "support/testpki.h"
#include "support/transportmessages.h"

#include "sipcore/transport/transporterror.h"
#include "sipcore/transport/websockettransport.h"
#include "sipcore/util/virtualtimerfactory.h"

#include <boost/asio/io_context.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/websocket.hpp>

#include <QTest>

using namespace sipcore;
using sipcore::test::runUntil;
using sipcore::test::TestPki;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = boost::beast::websocket;
using asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

std::string options(std::string_view branch, std::string_view body = {}, bool length = true)
{
    return test::transportOptions("WS", branch, body, length);
}

std::string okFor(std::string_view branch)
{
    return test::transportOk("WS", branch);
}

struct Side : test::RecordingTransport<WebSocketTransport>
{
    Side(asio::io_context &io,
         VirtualTimerFactory &timers,
         const std::string &host,
         std::optional<TlsSettings> tls = std::nullopt)
        : RecordingTransport(io.get_executor(),
                             StreamTransportConfig{host, 0, {30s, 0s}},
                             std::move(tls),
                             timers,
                             LoggerFactory())
    {}
};

} // namespace

class tst_WebSocketTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QString error;
        QVERIFY2(m_pki.makeCa(&error), qPrintable(error));
        QVERIFY2(m_pki.issue(QStringLiteral("loopback"), QStringLiteral("IP:127.0.0.1,IP:::1"),
                             &error),
                 qPrintable(error));
        QVERIFY2(m_pki.issue(QStringLiteral("other"), QStringLiteral("DNS:other.example"), &error),
                 qPrintable(error));
    }

    void requestAndResponseOverOneConnection_data()
    {
        QTest::addColumn<QString>("host");
        QTest::addColumn<bool>("secure");
        QTest::newRow("ws ipv4") << "127.0.0.1" << false;
        QTest::newRow("ws ipv6") << "::1" << false;
        QTest::newRow("wss ipv4") << "127.0.0.1" << true;
    }
    void requestAndResponseOverOneConnection()
    {
        QFETCH(QString, host);
        QFETCH(bool, secure);
        asio::io_context io;
        VirtualTimerFactory timers;
        std::optional<TlsSettings> serverTls;
        std::optional<TlsSettings> clientTls;
        if (secure) {
            serverTls = TlsSettings{m_pki.caFile().toStdString(),
                                    m_pki.certificate(QStringLiteral("loopback")).toStdString(),
                                    m_pki.key(QStringLiteral("loopback")).toStdString(), false};
            clientTls = TlsSettings{m_pki.caFile().toStdString(), {}, {}, false};
        }
        Side server(io, timers, host.toStdString(), serverTls);
        Side client(io, timers, host.toStdString(), clientTls);
        if (auto ec = server.transport.listen()) {
            if (host.contains(u':'))
                QSKIP("no IPv6 loopback on this machine");
            QFAIL(ec.message().c_str());
        }
        QCOMPARE(client.transport.listen(), std::error_code());
        QCOMPARE(client.transport.protocol(), std::string_view(secure ? "WSS" : "WS"));

        std::error_code sent = TransportError::Closed;
        client.transport.send(options("z9hG4bK-ws1"), server.transport.localEndpoint(),
                              [&](std::error_code ec) { sent = ec; });
        QVERIFY(runUntil(io, [&] { return server.received.size() == 1; }));
        QVERIFY(runUntil(io, [&] { return !sent; }));
        server.transport.send(okFor("z9hG4bK-ws1"), server.received.front().source, nullptr);
        QVERIFY(runUntil(io, [&] { return client.received.size() == 1; }));
        QCOMPARE(std::get<Response>(client.received.front().message).statusCode, 200);
        QCOMPARE(client.transport.connectionCount(), std::size_t(1));
        QCOMPARE(server.transport.connectionCount(), std::size_t(1));
    }

    void wssCertificateForAnotherHostIsRejected()
    {
        asio::io_context io;
        VirtualTimerFactory timers;
        Side server(io, timers, "127.0.0.1",
                    TlsSettings{m_pki.caFile().toStdString(),
                                m_pki.certificate(QStringLiteral("other")).toStdString(),
                                m_pki.key(QStringLiteral("other")).toStdString(), false});
        Side client(io, timers, "127.0.0.1",
                    TlsSettings{m_pki.caFile().toStdString(), {}, {}, false});
        QCOMPARE(server.transport.listen(), std::error_code());
        QCOMPARE(client.transport.listen(), std::error_code());
        std::optional<std::error_code> sent;
        client.transport.send(options("z9hG4bK-ws2"), server.transport.localEndpoint(),
                              [&](std::error_code ec) { sent = ec; });
        QVERIFY(runUntil(io, [&] { return sent.has_value(); }));
        QCOMPARE(*sent, std::error_code(TransportError::CertificateRejected));
        QVERIFY(server.received.empty());
    }

    void messageWithoutContentLengthIsTakenWhole()
    {
        asio::io_context io;
        VirtualTimerFactory timers;
        Side server(io, timers, "127.0.0.1");
        QCOMPARE(server.transport.listen(), std::error_code());
        const Endpoint local = server.transport.localEndpoint();

        websocket::stream<tcp::socket> peer(io);
        peer.next_layer().connect(tcp::endpoint(asio::ip::make_address(local.host), local.port));
        peer.set_option(websocket::stream_base::decorator([](websocket::request_type &request) {
            request.set(beast::http::field::sec_websocket_protocol, "sip");
        }));
        websocket::response_type response;
        bool handshaken = false;
        peer.async_handshake(response, local.toString(), "/",
                             [&](const boost::system::error_code &ec) { handshaken = !ec; });
        QVERIFY(runUntil(io, [&] { return handshaken; }));
        QCOMPARE(std::string(response[beast::http::field::sec_websocket_protocol]),
                 std::string("sip"));
        peer.text(true);
        bool written = false;
        peer.async_write(asio::buffer(options("z9hG4bK-ws3", {}, false)),
                         [&](const boost::system::error_code &ec, std::size_t) { written = !ec; });
        QVERIFY(runUntil(io, [&] { return server.received.size() == 1; }));
        QVERIFY(written);
        QCOMPARE(std::get<Request>(server.received.front().message).method, std::string("OPTIONS"));
    }

    void serverWithoutSipSubprotocolIsRefused()
    {
        asio::io_context io;
        VirtualTimerFactory timers;
        tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
        websocket::stream<tcp::socket> peer(io);
        acceptor.async_accept(peer.next_layer(), [&](const boost::system::error_code &ec) {
            if (!ec) // accepts the upgrade but names no subprotocol
                peer.async_accept([](const boost::system::error_code &) {});
        });
        Side client(io, timers, "127.0.0.1");
        QCOMPARE(client.transport.listen(), std::error_code());
        std::optional<std::error_code> sent;
        client.transport.send(options("z9hG4bK-ws4"),
                              Endpoint{"127.0.0.1", acceptor.local_endpoint().port()},
                              [&](std::error_code ec) { sent = ec; });
        QVERIFY(runUntil(io, [&] { return sent.has_value(); }));
        QCOMPARE(*sent, std::error_code(TransportError::WebSocketFailed));
        QCOMPARE(client.unreachable.size(), std::size_t(1));
    }

private:
    TestPki m_pki;
};

QTEST_GUILESS_MAIN(tst_WebSocketTransport)
#include "tst_websockettransport.moc"
