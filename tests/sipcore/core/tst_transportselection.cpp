// Covers how a core with several transports chooses between them (RFC 3261 §18), on virtual
// time over in-memory transports, UDP on 5062, TCP on 5063 and TLS on 5064:
//  - a Request-URI's or first Route's transport parameter picks the transport, sips: TLS; Via
//    and Contact say which (a sips: Contact for TLS);
//  - a UDP request over 1300 bytes goes over TCP (§18.1.1), unless the URI demands UDP;
//  - a protocol without a transport (sips: without TLS) ends the call with a synthetic 503
//    naming it, after invite() returns, with nothing sent;
//  - a CANCEL takes its INVITE's transport (§9.1), the ACK of a 2xx its remote target's;
//  - a request received over TCP is answered over TCP, to the connection it came on (§18.2.2);
//  - a lost TCP connection fails only the transactions over TCP.
#include "support/sipfixture.h"

#include "sipcore/core/inviteuseragentclient.h"
#include "sipcore/core/sessiondialog.h"
#include "sipcore/transport/nexthop.h"
#include "sipcore/transport/transporterror.h"

using namespace sipcore;
using namespace sipcore::test;
using namespace std::chrono_literals;

namespace {

struct RecordingDelegate final : OutgoingInviteRequestDelegate
{
    void onReject(const Response &r) override { rejections.push_back(r); }
    void onAcceptSession(const Response &, const std::shared_ptr<SessionDialog> &d) override
    {
        dialog = d;
    }
    std::vector<Response> rejections;
    std::shared_ptr<SessionDialog> dialog;
};

struct TwoTransports
{
    TwoTransports() { f.addTcp(); }

    Request invite(std::string_view target, std::string body = {})
    {
        auto uri = Uri::parse(target);
        if (!uri)
            qFatal("bad test URI");
        OutgoingRequestMessageOptions options;
        if (!body.empty()) {
            options.body = std::move(body);
            options.contentType = "application/sdp";
        }
        return f.core.makeOutgoingRequestMessage("INVITE", *uri, NameAddr{{}, *uri, {}}, options);
    }

    /// Removes and returns what \a transport sent.
    static std::vector<MemoryTransport::Sent> drain(MemoryTransport &transport)
    {
        std::vector<MemoryTransport::Sent> out;
        while (auto sent = transport.takeSent())
            out.push_back(std::move(*sent));
        return out;
    }

    CoreFixture f;
    MemoryTransport &tcp = f.tcp;
    RecordingDelegate delegate;
};

} // namespace

Q_DECLARE_METATYPE(sipcore::TransportError)

class tst_TransportSelection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nextHop_data()
    {
        QTest::addColumn<QString>("target");
        QTest::addColumn<QString>("endpoint");
        QTest::addColumn<QString>("protocol");
        QTest::addColumn<bool>("required");
        QTest::newRow("sip default") << "sip:bob@h.example"
                                     << "h.example:5060"
                                     << "UDP" << false;
        QTest::newRow("tcp") << "sip:bob@h.example:5070;transport=tcp"
                             << "h.example:5070"
                             << "TCP" << true;
        QTest::newRow("case") << "sip:bob@1.2.3.4;TRANSPORT=Tcp"
                              << "1.2.3.4:5060"
                              << "TCP" << true;
        QTest::newRow("udp named") << "sip:bob@[::1]:5090;transport=udp"
                                   << "[::1]:5090"
                                   << "UDP" << true;
        QTest::newRow("ws") << "sip:bob@h.example;transport=ws"
                            << "h.example:5060"
                            << "WS" << true;
        QTest::newRow("sips") << "sips:bob@h.example"
                              << "h.example:5061"
                              << "TLS" << true;
        QTest::newRow("sips tcp") << "sips:bob@h.example;transport=tcp"
                                  << "h.example:5061"
                                  << "TLS" << true;
        QTest::newRow("sips ws") << "sips:bob@h.example;transport=ws"
                                 << "h.example:5061"
                                 << "WSS" << true;
    }
    void nextHop()
    {
        QFETCH(QString, target);
        auto uri = Uri::parse(target.toStdString());
        QVERIFY(uri.ok());
        const NextHop hop = nextHopFor(*uri);
        QTEST(QString::fromStdString(hop.endpoint.toString()), "endpoint");
        QTEST(QString::fromStdString(hop.protocol), "protocol");
        QTEST(hop.required, "required");
    }

    void firstRouteDecides()
    {
        TwoTransports t;
        Request invite = t.invite("sip:bob@127.0.0.1:5080");
        invite.prependHeader("Route", "<sip:proxy.example:5090;lr;transport=tcp>");
        const NextHop hop = nextHopFor(invite);
        QCOMPARE(hop.endpoint.toString(), std::string("proxy.example:5090"));
        QCOMPARE(hop.protocol, std::string("TCP"));
    }

    void transportParameterPicksTcp()
    {
        TwoTransports t;
        auto client
                = t.f.core.invite(t.invite("sip:bob@127.0.0.1:5080;transport=tcp"), &t.delegate);
        t.f.poll();
        QVERIFY(TwoTransports::drain(t.f.transport).empty());
        auto sent = TwoTransports::drain(t.tcp);
        QCOMPARE(sent.size(), std::size_t(1));
        QCOMPARE(sent.front().destination.toString(), std::string("127.0.0.1:5080"));
        const Request request = sentRequest(sent.front());
        QCOMPARE(request.topVia()->transport, std::string("TCP"));
        QCOMPARE(request.topVia()->port, std::optional<std::uint16_t>(5063));
        const auto contact = request.contacts();
        QVERIFY(contact.ok() && contact->size() == 1);
        QCOMPARE(contact->front().uri.port, std::optional<std::uint16_t>(5063));
        QCOMPARE(contact->front().uri.parameters.get("transport"),
                 std::optional<std::string_view>("tcp"));

        // Reliable: no Timer A retransmission, whatever the time.
        t.f.advance(10s);
        QVERIFY(TwoTransports::drain(t.tcp).empty());
    }

    void sipsGoesOverTlsWithASipsContact()
    {
        TwoTransports t;
        MemoryTransport &tls = t.f.tls;
        t.f.addTls();
        auto client = t.f.core.invite(t.invite("sips:bob@127.0.0.1"), &t.delegate);
        t.f.poll();
        QVERIFY(TwoTransports::drain(t.f.transport).empty());
        QVERIFY(TwoTransports::drain(t.tcp).empty());
        auto sent = TwoTransports::drain(tls);
        QCOMPARE(sent.size(), std::size_t(1));
        QCOMPARE(sent.front().destination.toString(), std::string("127.0.0.1:5061"));
        const Request request = sentRequest(sent.front());
        QCOMPARE(request.topVia()->transport, std::string("TLS"));
        QCOMPARE(request.topVia()->port, std::optional<std::uint16_t>(5064));
        const auto contact = request.contacts();
        QVERIFY(contact.ok() && contact->size() == 1);
        QCOMPARE(contact->front().uri.toString(), std::string("sips:ringback@127.0.0.1:5064"));
    }

    void largeRequestMovesToTcp()
    {
        TwoTransports t;
        auto client = t.f.core.invite(t.invite("sip:bob@127.0.0.1:5080", std::string(1400, 'x')),
                                      &t.delegate);
        t.f.poll();
        QVERIFY(TwoTransports::drain(t.f.transport).empty());
        auto sent = TwoTransports::drain(t.tcp);
        QCOMPARE(sent.size(), std::size_t(1));
        QVERIFY(sent.front().bytes.size() > 1300);
        QCOMPARE(sentRequest(sent.front()).topVia()->transport, std::string("TCP"));
    }

    void smallRequestStaysOnUdp()
    {
        TwoTransports t;
        auto client = t.f.core.invite(t.invite("sip:bob@127.0.0.1:5080", std::string(200, 'x')),
                                      &t.delegate);
        t.f.poll();
        QVERIFY(TwoTransports::drain(t.tcp).empty());
        auto sent = TwoTransports::drain(t.f.transport);
        QCOMPARE(sent.size(), std::size_t(1));
        QCOMPARE(sentRequest(sent.front()).topVia()->transport, std::string("UDP"));
    }

    void largeRequestStaysOnTheTransportTheUriDemands()
    {
        TwoTransports t;
        auto client = t.f.core.invite(
                t.invite("sip:bob@127.0.0.1:5080;transport=udp", std::string(1400, 'x')),
                &t.delegate);
        t.f.poll();
        QVERIFY(TwoTransports::drain(t.tcp).empty());
        QCOMPARE(TwoTransports::drain(t.f.transport).size(), std::size_t(1));
    }

    void largeRequestWithoutTcpStaysOnUdp()
    {
        CoreFixture f;
        RecordingDelegate delegate;
        auto uri = Uri::parse("sip:bob@127.0.0.1:5080");
        OutgoingRequestMessageOptions options;
        options.body = std::string(1400, 'x');
        options.contentType = "application/sdp";
        auto client = f.core.invite(
                f.core.makeOutgoingRequestMessage("INVITE", *uri, NameAddr{{}, *uri, {}}, options),
                &delegate);
        QCOMPARE(f.takeRequests("INVITE").size(), std::size_t(1));
    }

    void missingTransportEndsTheCall()
    {
        TwoTransports t;
        auto client = t.f.core.invite(t.invite("sips:bob@127.0.0.1"), &t.delegate);
        QVERIFY(t.delegate.rejections.empty()); // never inside invite()
        t.f.advance(0ms);
        QCOMPARE(t.delegate.rejections.size(), std::size_t(1));
        QCOMPARE(t.delegate.rejections.front().statusCode, 503);
        QCOMPARE(t.delegate.rejections.front().reasonPhrase,
                 std::string("Server unreachable: no TLS transport for 127.0.0.1:5061"));
        QVERIFY(TwoTransports::drain(t.f.transport).empty());
        QVERIFY(TwoTransports::drain(t.tcp).empty());
        QCOMPARE(t.f.core.userAgentClientCount(), std::size_t(0));
    }

    void cancelTakesTheInvitesTransport()
    {
        TwoTransports t;
        auto client = t.f.core.invite(t.invite("sip:bob@127.0.0.1:5080", std::string(1400, 'x')),
                                      &t.delegate);
        t.f.poll();
        const Request invite = sentRequest(TwoTransports::drain(t.tcp).at(0));
        t.tcp.inject(CoreFixture::answer(invite, 180).serialize(), {"127.0.0.1", 5080});
        t.f.poll();
        QVERIFY(client->cancel().ok());
        t.f.poll();
        QVERIFY(TwoTransports::drain(t.f.transport).empty());
        auto sent = TwoTransports::drain(t.tcp);
        QCOMPARE(sent.size(), std::size_t(1));
        const Request cancel = sentRequest(sent.front());
        QCOMPARE(cancel.method, std::string("CANCEL"));
        QCOMPARE(cancel.topVia()->branch(), invite.topVia()->branch());
        QCOMPARE(cancel.topVia()->transport, std::string("TCP"));
    }

    void ackTakesTheRemoteTargetsTransport()
    {
        TwoTransports t;
        auto client = t.f.core.invite(t.invite("sip:bob@127.0.0.1:5080"), &t.delegate);
        t.f.poll();
        const Request invite = sentRequest(TwoTransports::drain(t.f.transport).at(0));
        Response ok = makeResponse(invite, 200, "peer-tag");
        ok.addHeader("Contact", "<sip:bob@127.0.0.1:5081;transport=tcp>");
        t.f.transport.inject(ok.serialize(), {"127.0.0.1", 5080});
        t.f.poll();
        QVERIFY(t.delegate.dialog);
        t.delegate.dialog->ack();
        t.f.poll();
        QVERIFY(TwoTransports::drain(t.f.transport).empty());
        auto sent = TwoTransports::drain(t.tcp);
        QCOMPARE(sent.size(), std::size_t(1));
        QCOMPARE(sent.front().destination.toString(), std::string("127.0.0.1:5081"));
        const Request ack = sentRequest(sent.front());
        QCOMPARE(ack.method, std::string("ACK"));
        QCOMPARE(ack.topVia()->transport, std::string("TCP"));

        // A retransmitted 2xx: the same bytes, the same way.
        t.delegate.dialog->resendAck(ack.cseq()->sequence);
        t.f.poll();
        auto again = TwoTransports::drain(t.tcp);
        QCOMPARE(again.size(), std::size_t(1));
        QCOMPARE(again.front().bytes, sent.front().bytes);
    }

    void requestOverTcpIsAnsweredOverTcp()
    {
        TwoTransports t;
        // The peer's Via names its listening port 5090; its connection comes from 40000.
        const std::string options = "OPTIONS sip:ringback@127.0.0.1:5063 SIP/2.0\r\n"
                                    "Via: SIP/2.0/TCP 127.0.0.1:5090;branch=z9hG4bK-opt1\r\n"
                                    "Max-Forwards: 70\r\n"
                                    "From: <sip:alice@127.0.0.1>;tag=a1\r\n"
                                    "To: <sip:ringback@127.0.0.1>\r\n"
                                    "Call-ID: tcp-options-1\r\n"
                                    "CSeq: 1 OPTIONS\r\n"
                                    "Content-Length: 0\r\n\r\n";
        QVERIFY(!t.tcp.inject(options, {"127.0.0.1", 40000}));
        t.f.poll();
        QVERIFY(TwoTransports::drain(t.f.transport).empty());
        auto sent = TwoTransports::drain(t.tcp);
        QCOMPARE(sent.size(), std::size_t(1));
        QCOMPARE(sent.front().destination.toString(), std::string("127.0.0.1:40000"));
        auto response = parseSent(sent.front().bytes);
        QCOMPARE(std::get<Response>(response).statusCode, 200);
    }

    void refusedRequestOverTcpIsAnsweredOverTcp()
    {
        TwoTransports t;
        // The parser refuses it (a CSeq method that is not the request's): the stateless 400
        // goes back the way it came.
        const std::string bad = "OPTIONS sip:ringback@127.0.0.1:5063 SIP/2.0\r\n"
                                "Via: SIP/2.0/TCP 127.0.0.1:5090;branch=z9hG4bK-bad1\r\n"
                                "From: <sip:alice@127.0.0.1>;tag=a1\r\n"
                                "To: <sip:ringback@127.0.0.1>\r\n"
                                "Call-ID: tcp-bad-1\r\n"
                                "CSeq: 1 INVITE\r\n"
                                "Content-Length: 0\r\n\r\n";
        QVERIFY(t.tcp.inject(bad, {"127.0.0.1", 40001}));
        t.f.poll();
        QVERIFY(TwoTransports::drain(t.f.transport).empty());
        auto sent = TwoTransports::drain(t.tcp);
        QCOMPARE(sent.size(), std::size_t(1));
        QCOMPARE(sent.front().destination.toString(), std::string("127.0.0.1:40001"));
        QCOMPARE(std::get<Response>(parseSent(sent.front().bytes)).statusCode, 400);

        // The validator refuses this one (a Request-URI scheme we cannot serve): 416, the same
        // way back.
        const std::string unsupported = "OPTIONS mailto:ringback@example.com SIP/2.0\r\n"
                                        "Via: SIP/2.0/TCP 127.0.0.1:5090;branch=z9hG4bK-ext1\r\n"
                                        "Max-Forwards: 70\r\n"
                                        "From: <sip:alice@127.0.0.1>;tag=a1\r\n"
                                        "To: <sip:ringback@127.0.0.1>\r\n"
                                        "Call-ID: tcp-ext-1\r\n"
                                        "CSeq: 1 OPTIONS\r\n"
                                        "Content-Length: 0\r\n\r\n";
        QVERIFY(!t.tcp.inject(unsupported, {"127.0.0.1", 40002}));
        t.f.poll();
        QVERIFY(TwoTransports::drain(t.f.transport).empty());
        sent = TwoTransports::drain(t.tcp);
        QCOMPARE(sent.size(), std::size_t(1));
        QCOMPARE(sent.front().destination.toString(), std::string("127.0.0.1:40002"));
        QCOMPARE(std::get<Response>(parseSent(sent.front().bytes)).statusCode, 416);
    }

    void lostConnectionFailsOnlyItsTransactions_data()
    {
        QTest::addColumn<TransportError>("error");
        QTest::addColumn<QString>("reason");
        QTest::newRow("reset") << TransportError::ConnectionReset
                               << "Connection lost: connection reset by 127.0.0.1:5080";
        QTest::newRow("ping unanswered")
                << TransportError::KeepAliveFailed
                << "Connection lost: keep-alive unanswered by 127.0.0.1:5080";
    }
    void lostConnectionFailsOnlyItsTransactions()
    {
        QFETCH(TransportError, error);
        QFETCH(QString, reason);
        TwoTransports t;
        RecordingDelegate overUdp;
        auto udpClient = t.f.core.invite(t.invite("sip:bob@127.0.0.1:5080"), &overUdp);
        auto tcpClient
                = t.f.core.invite(t.invite("sip:bob@127.0.0.1:5080;transport=tcp"), &t.delegate);
        t.f.poll();
        t.tcp.reportUnreachable({"127.0.0.1", 5080}, error);
        QCOMPARE(t.delegate.rejections.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(t.delegate.rejections.front().reasonPhrase), reason);
        QVERIFY(overUdp.rejections.empty());
    }
};

QTEST_GUILESS_MAIN(tst_TransportSelection)
#include "tst_transportselection.moc"
