// Covers TcpTransport on real loopback sockets (IPv4 and IPv6), idle time on a virtual clock:
// a request and its response between two transports over one connection, which both reuse
// (the response goes back on the request's connection, §18.2.2); messages split into single
// octets or packed several to a write, framed by Content-Length; a CRLFCRLF ping answered by
// a CRLF pong (RFC 5626 §4.4.1); a message without Content-Length closing the stream; a
// message that does not parse reaching the reject handler with the connection kept; an idle
// connection closed; a refused connect failing the send; a peer's reset and orderly close
// reported as ConnectionReset and ConnectionClosedByPeer for its address; and keep-alives
// (RFC 5626 §4.4.1): a connection we opened pings at its interval and stays open while the
// peer answers, fails with KeepAliveFailed when a ping goes 10 s unanswered, and an accepted
// connection sends no pings.
#include "support/recordingtransport.h"
#include "support/rununtil.h"
#include "support/transportmessages.h"

#include "sipcore/transport/tcptransport.h"
#include "sipcore/transport/transporterror.h"
#include "sipcore/util/virtualtimerfactory.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

#include <QTest>

using namespace sipcore;
using sipcore::test::runUntil;
namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

constexpr Duration PongWait = StreamConnection::PongTimeout;

std::string options(std::string_view branch, std::string_view body = {}, bool length = true)
{
    return test::transportOptions("TCP", branch, body, length);
}

std::string okFor(std::string_view branch)
{
    return test::transportOk("TCP", branch);
}

struct Side : test::RecordingTransport<TcpTransport>
{
    /// Idle after 30 s; with \a keepAlive, pings every 80 to 100 % of it.
    Side(asio::io_context &io,
         VirtualTimerFactory &timers,
         const std::string &host,
         Duration keepAlive = 0s)
        : RecordingTransport(io.get_executor(),
                             TcpTransportConfig{host, 0, {30s, keepAlive}},
                             timers,
                             LoggerFactory())
    {}
};

/// A listening socket on 127.0.0.1 that accepts one connection into \a accepted.
struct RawServer
{
    explicit RawServer(asio::io_context &io)
        : acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0))
        , accepted(io)
    {
        acceptor.async_accept(accepted,
                              [this](const boost::system::error_code &ec) { connected = !ec; });
    }
    Endpoint address() const { return {"127.0.0.1", acceptor.local_endpoint().port()}; }
    /// Reads exactly \a size octets, running \a io meanwhile.
    std::string read(asio::io_context &io, std::size_t size)
    {
        std::string octets(size, '\0');
        std::optional<std::size_t> got;
        asio::async_read(accepted, asio::buffer(octets),
                         [&](const boost::system::error_code &, std::size_t n) { got = n; });
        if (!runUntil(io, [&] { return got.has_value(); }))
            return {};
        octets.resize(*got);
        return octets;
    }

    tcp::acceptor acceptor;
    tcp::socket accepted;
    bool connected = false;
};

/// A plain socket connected to \a side, for writing raw octets at it.
tcp::socket rawClient(asio::io_context &io, const Side &side)
{
    tcp::socket socket(io);
    const Endpoint local = side.transport.localEndpoint();
    socket.connect(tcp::endpoint(asio::ip::make_address(local.host), local.port));
    return socket;
}

std::string startLine(const ReceivedMessage &message)
{
    if (auto *request = std::get_if<Request>(&message.message))
        return request->method;
    return std::to_string(std::get<Response>(message.message).statusCode);
}

/// Has \a side listen and open a connection to \a server with a request, which the server
/// reads; false if any of that fails.
bool connectPinging(asio::io_context &io, Side &side, RawServer &server)
{
    if (side.transport.listen())
        return false;
    const std::string request = options("z9hG4bK-p");
    side.transport.send(request, server.address(), nullptr);
    return runUntil(io, [&] { return server.connected; })
           && server.read(io, request.size()) == request;
}

} // namespace

class tst_TcpTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestAndResponseShareOneConnection_data()
    {
        QTest::addColumn<QString>("address");
        QTest::newRow("ipv4") << "127.0.0.1";
        QTest::newRow("ipv6") << "::1";
    }
    void requestAndResponseShareOneConnection()
    {
        QFETCH(QString, address);
        const std::string host = address.toStdString();
        asio::io_context io;
        VirtualTimerFactory timers;
        Side a(io, timers, host);
        Side b(io, timers, host);
        if (auto ec = a.transport.listen()) {
            if (host == "::1")
                QSKIP("no IPv6 loopback on this machine");
            QFAIL(ec.message().c_str());
        }
        QCOMPARE(b.transport.listen(), std::error_code());
        QVERIFY(a.transport.isReliable());
        QCOMPARE(a.transport.protocol(), std::string_view("TCP"));

        std::error_code sent = TransportError::Closed;
        a.transport.send(options("z9hG4bK-1"), b.transport.localEndpoint(),
                         [&](std::error_code ec) { sent = ec; });
        QVERIFY(runUntil(io, [&] { return b.received.size() == 1; }));
        QVERIFY(runUntil(io, [&] { return !sent; }));
        const ReceivedMessage &request = b.received.front();
        QCOMPARE(request.transport, &b.transport);
        QCOMPARE(request.source.host, host);
        // RFC 3261 §18.2.1: the Via says client.invalid, so received names the real source.
        QCOMPARE(std::get<Request>(request.message).topVia()->parameters.get("received"),
                 std::optional<std::string_view>(host));

        // The response goes to the request's source: over the same connection.
        b.transport.send(okFor("z9hG4bK-1"), request.source, nullptr);
        QVERIFY(runUntil(io, [&] { return a.received.size() == 1; }));
        QCOMPARE(startLine(a.received.front()), std::string("200"));
        // A second request reuses it too.
        a.transport.send(options("z9hG4bK-2"), b.transport.localEndpoint(), nullptr);
        QVERIFY(runUntil(io, [&] { return b.received.size() == 2; }));
        QCOMPARE(a.transport.connectionCount(), std::size_t(1));
        QCOMPARE(b.transport.connectionCount(), std::size_t(1));
    }

    void framesSplitAndPackedMessages()
    {
        asio::io_context io;
        VirtualTimerFactory timers;
        Side b(io, timers, "127.0.0.1");
        QCOMPARE(b.transport.listen(), std::error_code());
        tcp::socket client = rawClient(io, b);
        const std::string first = options("z9hG4bK-a", "hello, body");
        for (char c : first) {
            asio::write(client, asio::buffer(&c, 1));
            io.restart();
            io.poll();
        }
        QVERIFY(runUntil(io, [&] { return b.received.size() == 1; }));
        QCOMPARE(std::get<Request>(b.received.front().message).body(),
                 std::string_view("hello, body"));
        asio::write(client, asio::buffer("\r\n" + options("z9hG4bK-b") + options("z9hG4bK-c")));
        QVERIFY(runUntil(io, [&] { return b.received.size() == 3; }));
        QCOMPARE(std::get<Request>(b.received[2].message).topVia()->branch(),
                 std::optional<std::string_view>("z9hG4bK-c"));
    }

    void pingGetsPong()
    {
        asio::io_context io;
        VirtualTimerFactory timers;
        Side b(io, timers, "127.0.0.1");
        QCOMPARE(b.transport.listen(), std::error_code());
        tcp::socket client = rawClient(io, b);
        asio::write(client, asio::buffer(std::string("\r\n\r\n")));
        std::array<char, 2> pong{};
        std::size_t got = 0;
        asio::async_read(client, asio::buffer(pong),
                         [&](const boost::system::error_code &, std::size_t n) { got = n; });
        QVERIFY(runUntil(io, [&] { return got == 2; }));
        QCOMPARE(std::string(pong.data(), 2), std::string("\r\n"));
        QCOMPARE(b.received.size(), std::size_t(0));
    }

    void unframeableStreamIsClosed()
    {
        asio::io_context io;
        VirtualTimerFactory timers;
        Side b(io, timers, "127.0.0.1");
        QCOMPARE(b.transport.listen(), std::error_code());
        tcp::socket client = rawClient(io, b);
        std::string noLength = options("z9hG4bK-x");
        noLength.erase(noLength.find("Content-Length"));
        noLength += "\r\n";
        asio::write(client, asio::buffer(noLength));
        std::array<char, 16> sink{};
        boost::system::error_code readError;
        bool done = false;
        client.async_read_some(asio::buffer(sink),
                               [&](const boost::system::error_code &ec, std::size_t) {
                                   readError = ec;
                                   done = true;
                               });
        QVERIFY(runUntil(io, [&] { return done; }));
        QCOMPARE(readError, boost::system::error_code(asio::error::eof));
        QCOMPARE(b.transport.connectionCount(), std::size_t(0));
        QCOMPARE(b.received.size(), std::size_t(0));
        QCOMPARE(b.unreachable.size(), std::size_t(0)); // our own doing, not the peer's
    }

    void unparseableMessageIsRejectedAndTheConnectionKept()
    {
        asio::io_context io;
        VirtualTimerFactory timers;
        Side b(io, timers, "127.0.0.1");
        QCOMPARE(b.transport.listen(), std::error_code());
        tcp::socket client = rawClient(io, b);
        std::string bad = options("z9hG4bK-y");
        bad.replace(0, 7, "OPT\x01NS");
        asio::write(client, asio::buffer(bad + options("z9hG4bK-z")));
        QVERIFY(runUntil(io, [&] { return b.received.size() == 1; }));
        QCOMPARE(b.rejected.size(), std::size_t(1));
        QCOMPARE(b.transport.connectionCount(), std::size_t(1));
    }

    void idleConnectionIsClosed()
    {
        asio::io_context io;
        VirtualTimerFactory timers;
        Side b(io, timers, "127.0.0.1");
        QCOMPARE(b.transport.listen(), std::error_code());
        tcp::socket client = rawClient(io, b);
        asio::write(client, asio::buffer(options("z9hG4bK-i")));
        QVERIFY(runUntil(io, [&] { return b.received.size() == 1; }));
        timers.advance(29s);
        QCOMPARE(b.transport.connectionCount(), std::size_t(1));
        timers.advance(1s); // the configured 30 s without traffic
        QCOMPARE(b.transport.connectionCount(), std::size_t(0));
        QCOMPARE(b.unreachable.size(), std::size_t(0));
    }

    void refusedConnectFailsTheSend()
    {
        asio::io_context io;
        VirtualTimerFactory timers;
        Side a(io, timers, "127.0.0.1");
        QCOMPARE(a.transport.listen(), std::error_code());
        std::uint16_t closedPort = 0;
        {
            tcp::acceptor probe(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
            closedPort = probe.local_endpoint().port();
        }
        std::optional<std::error_code> sent;
        a.transport.send(options("z9hG4bK-r"), Endpoint{"127.0.0.1", closedPort},
                         [&](std::error_code ec) { sent = ec; });
        QVERIFY(runUntil(io, [&] { return sent.has_value(); }));
        QCOMPARE(*sent, std::error_code(TransportError::ConnectionRefused));
        QCOMPARE(a.unreachable.size(), std::size_t(1));
        QCOMPARE(a.unreachable.front().first, (Endpoint{"127.0.0.1", closedPort}));
        QCOMPARE(a.transport.connectionCount(), std::size_t(0));
    }

    void answeredPingsKeepTheConnection()
    {
        asio::io_context io;
        VirtualTimerFactory timers;
        Side a(io, timers, "127.0.0.1", 5s);
        RawServer server(io);
        QVERIFY(connectPinging(io, a, server));
        // Each wait is 4 to 5 s: round N ends at 5N s and its ping went out between 4N and
        // 5N s, so each round holds exactly one ping, answered well within the 10 s.
        for (std::size_t round = 1; round <= 3; ++round) {
            timers.advance(5s);
            QCOMPARE(server.read(io, 4), std::string("\r\n\r\n"));
            // The pong, then a message: once that has arrived the pong has been read.
            asio::write(server.accepted, asio::buffer("\r\n" + okFor("z9hG4bK-p")));
            QVERIFY(runUntil(io, [&] { return a.received.size() == round; }));
        }
        timers.advance(PongWait);
        QCOMPARE(a.transport.connectionCount(), std::size_t(1));
        QCOMPARE(a.unreachable.size(), std::size_t(0));
    }

    void unansweredPingFailsTheConnection()
    {
        asio::io_context io;
        VirtualTimerFactory timers;
        Side a(io, timers, "127.0.0.1", 20s);
        RawServer server(io);
        QVERIFY(connectPinging(io, a, server));
        timers.advance(20s); // the ping went out between 16 and 20 s
        QCOMPARE(server.read(io, 4), std::string("\r\n\r\n"));
        timers.advance(16s - 20s + PongWait - 1ms);
        QCOMPARE(a.transport.connectionCount(), std::size_t(1));
        timers.advance(20s - 16s + 1ms); // 10 s after the latest the ping can have gone
        QCOMPARE(a.transport.connectionCount(), std::size_t(0));
        QCOMPARE(a.unreachable.size(), std::size_t(1));
        QCOMPARE(a.unreachable.front().first, server.address());
        QCOMPARE(a.unreachable.front().second, std::error_code(TransportError::KeepAliveFailed));
    }

    void acceptedConnectionSendsNoPings()
    {
        asio::io_context io;
        VirtualTimerFactory timers;
        Side b(io, timers, "127.0.0.1", 20s);
        QCOMPARE(b.transport.listen(), std::error_code());
        tcp::socket client = rawClient(io, b);
        asio::write(client, asio::buffer(options("z9hG4bK-n")));
        QVERIFY(runUntil(io, [&] { return b.received.size() == 1; }));
        timers.advance(20s); // a ping would be written by the time the next message is read
        asio::write(client, asio::buffer(options("z9hG4bK-n2")));
        QVERIFY(runUntil(io, [&] { return b.received.size() == 2; }));
        QCOMPARE(client.available(), std::size_t(0));
        QCOMPARE(b.transport.connectionCount(), std::size_t(1));
    }

    void peerResetOrCloseIsReported_data()
    {
        QTest::addColumn<bool>("reset");
        QTest::newRow("reset") << true;
        QTest::newRow("orderly close") << false;
    }
    void peerResetOrCloseIsReported()
    {
        QFETCH(bool, reset);
        asio::io_context io;
        VirtualTimerFactory timers;
        Side a(io, timers, "127.0.0.1");
        QCOMPARE(a.transport.listen(), std::error_code());
        tcp::acceptor server(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
        const Endpoint serverAddress{"127.0.0.1", server.local_endpoint().port()};
        tcp::socket accepted(io);
        bool gotConnection = false;
        server.async_accept(accepted,
                            [&](const boost::system::error_code &ec) { gotConnection = !ec; });
        a.transport.send(options("z9hG4bK-s"), serverAddress, nullptr);
        QVERIFY(runUntil(io, [&] { return gotConnection; }));
        QVERIFY(runUntil(io, [&] { return accepted.available() > 0; }));
        if (reset) {
            accepted.set_option(asio::socket_base::linger(true, 0)); // close sends RST
        } else {
            std::vector<char> drain(accepted.available()); // unread data would make it an RST
            asio::read(accepted, asio::buffer(drain));
            accepted.shutdown(tcp::socket::shutdown_send); // FIN
        }
        accepted.close();
        QVERIFY(runUntil(io, [&] { return !a.unreachable.empty(); }));
        QCOMPARE(a.unreachable.front().first, serverAddress);
        QCOMPARE(a.unreachable.front().second,
                 std::error_code(reset ? TransportError::ConnectionReset
                                       : TransportError::ConnectionClosedByPeer));
        QCOMPARE(a.transport.connectionCount(), std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(tst_TcpTransport)
#include "tst_tcptransport.moc"
