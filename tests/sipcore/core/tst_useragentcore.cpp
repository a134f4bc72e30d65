// Covers what UserAgentCore answers on its own, on the in-memory transport: a datagram the
// parser refuses gets RFC 4475's stateless answer (400 naming the problem, 505) sent to the
// Via's received/rport, or nothing for a response; a parsed request the validator refuses
// gets 400/416/501 + Allow; the requests nobody else handles yet get 200 (OPTIONS), 480
// (INVITE), 481 (BYE, CANCEL), 405 + Allow; ACK and bad responses are never answered.
#include "support/sipfixture.h"

using namespace sipcore;
using namespace sipcore::test;

namespace {

std::string request(std::string_view startLine, std::string_view method, std::string extra = {})
{
    std::string text(startLine);
    text += "\r\nVia: SIP/2.0/UDP 192.0.2.7:5999;branch=z9hG4bKcore1;rport\r\n"
            "Max-Forwards: 70\r\n"
            "From: <sip:alice@example.com>;tag=a1\r\n"
            "To: <sip:ringback@example.com>\r\n"
            "Call-ID: core-test-1\r\n"
            "CSeq: 5 ";
    text += method;
    text += "\r\n" + extra + "Content-Length: 0\r\n\r\n";
    return text;
}

} // namespace

class tst_UserAgentCore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void answers_data()
    {
        QTest::addColumn<QByteArray>("datagram");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("reasonContains");
        QTest::addColumn<bool>("withAllow");
        const auto row = [](const char *name, std::string text, int status, const char *reason,
                            bool allow = false) {
            QTest::newRow(name) << QByteArray::fromStdString(text) << status << QByteArray(reason)
                                << allow;
        };
        row("options", request("OPTIONS sip:ringback@127.0.0.1 SIP/2.0", "OPTIONS"), 200, "OK",
            true);
        row("invite out of dialog", request("INVITE sip:ringback@127.0.0.1 SIP/2.0", "INVITE"), 480,
            "Unavailable");
        row("bye matching nothing", request("BYE sip:ringback@127.0.0.1 SIP/2.0", "BYE"), 481,
            "Does Not Exist");
        row("message", request("MESSAGE sip:ringback@127.0.0.1 SIP/2.0", "MESSAGE"), 501,
            "Not Implemented", true);
        row("unknown scheme", request("OPTIONS soap.beep://192.0.2.103:3002 SIP/2.0", "OPTIONS"),
            416, "Unsupported URI Scheme");
        row("bad version", request("OPTIONS sip:ringback@127.0.0.1 SIP/7.0", "OPTIONS"), 505,
            "Version");
        row("negative content-length",
            request("OPTIONS sip:ringback@127.0.0.1 SIP/2.0", "OPTIONS", "l: -999\r\n"), 400,
            "Content-Length");
        std::string noFrom = request("OPTIONS sip:ringback@127.0.0.1 SIP/2.0", "OPTIONS");
        noFrom.erase(noFrom.find("From:"), noFrom.find("To:") - noFrom.find("From:"));
        row("missing from", noFrom, 400, "From");
    }
    void answers()
    {
        QFETCH(QByteArray, datagram);
        QFETCH(int, status);
        QFETCH(QByteArray, reasonContains);
        QFETCH(bool, withAllow);
        CoreFixture f;
        f.transport.inject(datagram.toStdString(), Endpoint{"127.0.0.1", 40000});
        f.poll();
        QCOMPARE(f.transport.sent().size(), std::size_t(1));
        const auto sent = *f.transport.takeSent();
        // RFC 3581: back to where it came from, not to the Via's 192.0.2.7:5999.
        QCOMPARE(sent.destination, (Endpoint{"127.0.0.1", 40000}));
        // The status line as sent (a response to a request without From has no From either,
        // so it is read as text, not parsed).
        const std::string statusLine = sent.bytes.substr(0, sent.bytes.find("\r\n"));
        QVERIFY2(statusLine.starts_with("SIP/2.0 " + std::to_string(status) + " "),
                 statusLine.c_str());
        QVERIFY2(statusLine.find(reasonContains.toStdString()) != std::string::npos,
                 statusLine.c_str());
        QVERIFY(sent.bytes.find("\r\nServer: ") != std::string::npos);
        QVERIFY(sent.bytes.find("\r\nCall-ID: core-test-1\r\n") != std::string::npos);
        QCOMPARE(sent.bytes.find("\r\nAllow: ") != std::string::npos, withAllow);
        QVERIFY(sent.bytes.find(";tag=") != std::string::npos);
    }

    void neverAnswered_data()
    {
        QTest::addColumn<QByteArray>("datagram");
        QTest::newRow("ack out of dialog")
                << QByteArray::fromStdString(request("ACK sip:ringback@127.0.0.1 SIP/2.0", "ACK"));
        QTest::newRow("malformed ack") << QByteArray::fromStdString(
                request("ACK sip:ringback@127.0.0.1 SIP/2.0", "ACK", "l: -1\r\n"));
        QTest::newRow("malformed response")
                << QByteArray("SIP/2.0 4294967301 Big\r\nVia: SIP/2.0/UDP 127.0.0.1:5062;"
                              "branch=z9hG4bKx\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
        QTest::newRow("response for nobody")
                << QByteArray("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5062;branch="
                              "z9hG4bKnobody\r\nFrom: <sip:a@b>;tag=1\r\nTo: <sip:c@d>;tag=2\r\n"
                              "Call-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");
        QTest::newRow("garbage") << QByteArray("\x01\x02 not sip at all\r\n\r\n");
        QTest::newRow("no via to answer to") << QByteArray(
                "OPTIONS sip:a@b SIP/2.0\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n");
    }
    void neverAnswered()
    {
        QFETCH(QByteArray, datagram);
        CoreFixture f;
        f.transport.inject(datagram.toStdString(), Endpoint{"127.0.0.1", 40000});
        f.poll();
        QCOMPARE(f.transport.sent().size(), std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(tst_UserAgentCore)
#include "tst_useragentcore.moc"
