// Covers UdpTransport on real loopback sockets, IPv4 and IPv6: binding to port 0, the
// advertised address, a request received with RFC 3581 rport/received stamped into its top
// Via, a response sent back to the rport address (§18.2.2 via responseDestinationFor),
// garbage datagrams handed to the reject handler without stopping reception, CRLF keep-alives
// ignored, a bind failure reported as BindFailed, sends to the wrong address family refused,
// and an ICMP port unreachable for a datagram we sent reported with its destination (IP_RECVERR)
// without stopping reception.
#include "support/rununtil.h"

#include "sipcore/transport/nexthop.h"
#include "sipcore/transport/transporterror.h"
#include "sipcore/transport/udptransport.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include <QTest>

using namespace sipcore;
using sipcore::test::runUntil;
namespace asio = boost::asio;
using asio::ip::udp;
using namespace std::chrono_literals;

namespace {

std::string optionsFrom(const std::string &viaHost, std::uint16_t viaPort, bool rport)
{
    return "OPTIONS sip:ringback@host SIP/2.0\r\n"
           "Via: SIP/2.0/UDP "
           + viaHost + ":" + std::to_string(viaPort) + ";branch=z9hG4bKudp1"
           + (rport ? ";rport" : "")
           + "\r\n"
             "From: <sip:peer@example.com>;tag=1\r\n"
             "To: <sip:ringback@example.com>\r\n"
             "Call-ID: udp-test\r\n"
             "CSeq: 1 OPTIONS\r\n"
             "Max-Forwards: 70\r\n"
             "Content-Length: 0\r\n\r\n";
}

/// A port on \a host that nothing listens on: bound by a socket that is closed again.
std::uint16_t closedPort(const std::string &host)
{
    asio::io_context io;
    udp::socket probe(io, udp::endpoint(asio::ip::make_address(host), 0));
    return probe.local_endpoint().port();
}

} // namespace

class tst_UdpTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void receiveStampsRportAndAnswersThere_data()
    {
        QTest::addColumn<QString>("address");
        QTest::newRow("ipv4") << "127.0.0.1";
        QTest::newRow("ipv6") << "::1";
    }
    void receiveStampsRportAndAnswersThere()
    {
        QFETCH(QString, address);
        const std::string host = address.toStdString();
        asio::io_context io;
        UdpTransport transport(io.get_executor(), UdpTransportConfig{host, 0}, LoggerFactory());
        if (auto ec = transport.listen()) {
            if (host == "::1")
                QSKIP("no IPv6 loopback on this machine");
            QFAIL(ec.message().c_str());
        }
        const Endpoint local = transport.localEndpoint();
        QCOMPARE(local.host, host);
        QVERIFY(local.port != 0);

        std::vector<ReceivedMessage> received;
        transport.setReceiveHandler([&](ReceivedMessage m) { received.push_back(std::move(m)); });
        std::vector<std::pair<std::string, Endpoint>> rejected;
        transport.setRejectHandler(
                [&](std::string_view datagram, std::error_code error, const Endpoint &source) {
                    QVERIFY(error);
                    rejected.emplace_back(std::string(datagram), source);
                });

        udp::socket peer(io, udp::endpoint(asio::ip::make_address(host), 0));
        const udp::endpoint to(asio::ip::make_address(host), local.port);
        // A Via that names another address and port, with rport: as behind a NAT.
        const std::string viaHost = host == "::1" ? "[2001:db8::9]" : "192.0.2.9";
        peer.send_to(asio::buffer(std::string("garbage that is not SIP\r\n\r\n")), to);
        peer.send_to(asio::buffer(std::string("\r\n\r\n")), to);
        peer.send_to(asio::buffer(optionsFrom(viaHost, 5999, true)), to);
        QVERIFY(runUntil(io, [&] { return !received.empty(); }));
        QCOMPARE(received.size(), std::size_t(1));
        // The garbage went to the reject handler (the core may answer it); the keep-alive did not.
        QCOMPARE(rejected.size(), std::size_t(1));
        QCOMPARE(rejected.front().first, std::string("garbage that is not SIP\r\n\r\n"));
        QCOMPARE(rejected.front().second.port, peer.local_endpoint().port());

        const auto &request = std::get<Request>(received.front().message);
        const Via via = *request.topVia();
        QCOMPARE(std::string(*via.parameters.get("received")), host);
        QCOMPARE(std::string(*via.parameters.get("rport")),
                 std::to_string(peer.local_endpoint().port()));
        QCOMPARE(received.front().source.port, peer.local_endpoint().port());

        // The response goes to received:rport, not to the Via's sent-by.
        const Endpoint back = responseDestinationFor(via);
        QCOMPARE(back, (Endpoint{host, peer.local_endpoint().port()}));
        std::error_code sendResult = TransportError::Closed;
        bool sent = false;
        transport.send("SIP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n", back,
                       [&](std::error_code ec) {
                           sendResult = ec;
                           sent = true;
                       });
        QVERIFY(!sent); // completions never run inside send()
        QVERIFY(runUntil(io, [&] { return sent; }));
        QVERIFY(!sendResult);
        std::array<char, 2048> buffer{};
        udp::endpoint from;
        const std::size_t n = peer.receive_from(asio::buffer(buffer), from);
        QVERIFY(std::string_view(buffer.data(), n).starts_with("SIP/2.0 200 OK\r\n"));
        QCOMPARE(from.port(), local.port);
    }

    void viaWithoutRportGetsOnlyReceived()
    {
        asio::io_context io;
        UdpTransport transport(io.get_executor(), UdpTransportConfig{"127.0.0.1", 0},
                               LoggerFactory());
        QVERIFY(!transport.listen());
        std::vector<ReceivedMessage> received;
        transport.setReceiveHandler([&](ReceivedMessage m) { received.push_back(std::move(m)); });
        udp::socket peer(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
        peer.send_to(
                asio::buffer(optionsFrom("192.0.2.9", 5999, false)),
                udp::endpoint(asio::ip::make_address("127.0.0.1"), transport.localEndpoint().port));
        QVERIFY(runUntil(io, [&] { return !received.empty(); }));
        const Via via = *std::get<Request>(received.front().message).topVia();
        QCOMPARE(std::string(*via.parameters.get("received")), std::string("127.0.0.1"));
        QVERIFY(!via.parameters.has("rport"));
        QCOMPARE(responseDestinationFor(via), (Endpoint{"127.0.0.1", 5999}));
    }

    void bindFailureIsReported()
    {
        asio::io_context io;
        UdpTransport first(io.get_executor(), UdpTransportConfig{"127.0.0.1", 0}, LoggerFactory());
        QVERIFY(!first.listen());
        UdpTransport second(io.get_executor(),
                            UdpTransportConfig{"127.0.0.1", first.localEndpoint().port},
                            LoggerFactory());
        QCOMPARE(second.listen(), std::error_code(TransportError::BindFailed));
        UdpTransport bogus(io.get_executor(), UdpTransportConfig{"not-an-address", 0},
                           LoggerFactory());
        QCOMPARE(bogus.listen(), std::error_code(TransportError::BindFailed));
    }

    void wrongAddressFamilyIsRefused()
    {
        asio::io_context io;
        UdpTransport transport(io.get_executor(), UdpTransportConfig{"127.0.0.1", 0},
                               LoggerFactory());
        QVERIFY(!transport.listen());
        std::error_code result;
        bool done = false;
        transport.send("x", Endpoint{"::1", 5060}, [&](std::error_code ec) {
            result = ec;
            done = true;
        });
        QVERIFY(runUntil(io, [&] { return done; }));
        QCOMPARE(result, std::error_code(TransportError::AddressFamilyMismatch));
    }

    void portUnreachableIsReported_data()
    {
        QTest::addColumn<QString>("address");
        QTest::newRow("ipv4") << "127.0.0.1";
        QTest::newRow("ipv6") << "::1";
    }
    void portUnreachableIsReported()
    {
        QFETCH(QString, address);
        const std::string host = address.toStdString();
        asio::io_context io;
        UdpTransport transport(io.get_executor(), UdpTransportConfig{host, 0}, LoggerFactory());
        if (auto ec = transport.listen()) {
            if (host == "::1")
                QSKIP("no IPv6 loopback on this machine");
            QFAIL(ec.message().c_str());
        }
        std::vector<std::pair<Endpoint, std::error_code>> unreachable;
        transport.setUnreachableHandler([&](const Endpoint &destination, std::error_code error) {
            unreachable.emplace_back(destination, error);
        });
        std::vector<ReceivedMessage> received;
        transport.setReceiveHandler([&](ReceivedMessage m) { received.push_back(std::move(m)); });

        const Endpoint nobody{host, closedPort(host)};
        std::error_code sendResult = TransportError::Closed;
        transport.send(optionsFrom(host, 5060, false), nobody,
                       [&](std::error_code ec) { sendResult = ec; });
        QVERIFY(runUntil(io, [&] { return !unreachable.empty(); }));
        QCOMPARE(sendResult, std::error_code()); // the datagram left; the ICMP came after
        QCOMPARE(unreachable.size(), std::size_t(1));
        QCOMPARE(unreachable.front().first, nobody);
        QCOMPARE(unreachable.front().second, std::error_code(TransportError::ConnectionRefused));

        // Reception goes on: a datagram from a live peer still arrives.
        udp::socket peer(io, udp::endpoint(asio::ip::make_address(host), 0));
        const auto local = transport.localEndpoint();
        const std::string viaHost = host == "::1" ? "[::1]" : host;
        peer.send_to(asio::buffer(optionsFrom(viaHost, peer.local_endpoint().port(), false)),
                     udp::endpoint(asio::ip::make_address(local.host), local.port));
        QVERIFY(runUntil(io, [&] { return !received.empty(); }));
        transport.close();
    }
};

QTEST_GUILESS_MAIN(tst_UdpTransport)
#include "tst_udptransport.moc"
