// Covers what UserAgentCore answers on its own, on the in-memory transport: a datagram the
// parser refuses gets RFC 4475's stateless answer (400 naming the problem, 505) sent to the
// Via's received/rport, or nothing for a response; a parsed request the validator refuses
// gets 400/416/501 + Allow; the requests nobody else handles yet get 200 (OPTIONS), 480
// (INVITE; 422 with Min-SE when its Session-Expires is below 90 s), 481 (BYE, CANCEL, PRACK,
// UPDATE), 405 + Allow (MESSAGE without a delegate that takes
// it, others); ACK and bad responses are never answered. Server transactions under the core (RFC
// 3261 §17.2): a retransmitted request gets the same response again from its transaction and a new
// one after the transaction ends; the ACK of a non-2xx final stops its retransmissions; without an
// ACK Timer G re-sends and Timer H ends it; CANCEL (§9.2) of an INVITE the delegate holds gets 200
// and the INVITE 487, of an answered INVITE only 200, of nothing 481; a held INVITE gets 100 Trying
// after 200 ms. request() sends a non-INVITE through its transaction (Timer E re-sends over UDP)
// and hands the final response to the delegate; a REGISTER carries our Contact. §8.2.2: a request
// requiring an option tag we lack gets 420 with Unsupported naming it (one we support passes, ACK
// and CANCEL are exempt); a second copy of an INVITE being served, arriving with another branch
// (merged, §8.2.2.2), gets 482 while the first goes on, and a request carrying the branch of one of
// our own client transactions (a loop) gets 482.
#include "support/sipfixture.h"

#include "sipcore/core/inviteuseragentserver.h"
#include "sipcore/core/outgoingrequestdelegate.h"
#include "sipcore/core/useragentclient.h"

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

const std::string Invite = request("INVITE sip:ringback@127.0.0.1 SIP/2.0", "INVITE");
const std::string Options = request("OPTIONS sip:ringback@127.0.0.1 SIP/2.0", "OPTIONS");
const std::string Cancel = request("CANCEL sip:ringback@127.0.0.1 SIP/2.0", "CANCEL");

/// The ACK for a final response to Invite that carried \a toTag (same branch, §17.1.1.3).
std::string ackFor(std::string_view toTag)
{
    std::string text = request("ACK sip:ringback@127.0.0.1 SIP/2.0", "ACK");
    const std::string to = "To: <sip:ringback@example.com>";
    text.replace(text.find(to), to.size(), to + ";tag=" + std::string(toTag));
    return text;
}

/// Keeps every INVITE unanswered and records the CANCELs it hears of.
struct HoldingDelegate final : UserAgentCoreDelegate, IncomingRequestDelegate
{
    void onInvite(const std::shared_ptr<InviteUserAgentServer> &server) override
    {
        server->setDelegate(this);
        servers.push_back(server);
    }
    void onCancel(const Request &) override { ++cancels; }

    std::vector<std::shared_ptr<UserAgentServer>> servers;
    int cancels = 0;
};

struct Peer
{
    CoreFixture f;

    void send(const std::string &text) { f.transport.inject(text, Endpoint{"127.0.0.1", 40000}); }
    /// Everything sent since the last call, as responses.
    std::vector<Response> responses()
    {
        std::vector<Response> out;
        for (auto &message : f.takeAll())
            out.push_back(std::get<Response>(std::move(message)));
        return out;
    }
    std::vector<int> codes()
    {
        std::vector<int> out;
        for (const Response &response : responses())
            out.push_back(response.statusCode);
        return out;
    }
};

std::string toTagOf(const Response &response)
{
    return std::string(response.to()->tag().value_or(""));
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
        row("prack matching nothing", request("PRACK sip:ringback@127.0.0.1 SIP/2.0", "PRACK"), 481,
            "Does Not Exist");
        row("update matching nothing", request("UPDATE sip:ringback@127.0.0.1 SIP/2.0", "UPDATE"),
            481, "Does Not Exist");
        row("session interval too small",
            request("INVITE sip:ringback@127.0.0.1 SIP/2.0", "INVITE", "Session-Expires: 60\r\n"),
            422, "Too Small");
        row("unknown method", request("NEWMETHOD sip:ringback@127.0.0.1 SIP/2.0", "NEWMETHOD"), 501,
            "Not Implemented", true);
        row("message without a delegate",
            request("MESSAGE sip:ringback@127.0.0.1 SIP/2.0", "MESSAGE"), 405, "Not Allowed", true);
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

    void unsupportedExtensionGets420()
    {
        Peer p;
        p.f.core.setDelegate(nullptr);
        p.send(request("OPTIONS sip:ringback@127.0.0.1 SIP/2.0", "OPTIONS",
                       "Require: 100rel, Foo\r\n"));
        auto answers = p.responses();
        QCOMPARE(answers.size(), std::size_t(1));
        QCOMPARE(answers.front().statusCode, 420);
        QCOMPARE(*answers.front().header("Unsupported"), std::string_view("100rel, Foo"));
    }

    void supportedExtensionPasses()
    {
        UserAgentCoreConfiguration configuration = CoreFixture::makeConfiguration({});
        configuration.supported = {"foo"};
        CoreFixture f(configuration);
        f.transport.inject(
                request("OPTIONS sip:ringback@127.0.0.1 SIP/2.0", "OPTIONS", "Require: FOO\r\n"),
                Endpoint{"127.0.0.1", 40000});
        const auto sent = f.takeAll();
        QCOMPARE(sent.size(), std::size_t(1));
        QCOMPARE(std::get<Response>(sent.front()).statusCode, 200);
    }

    void mergedRequestGets482()
    {
        Peer p;
        HoldingDelegate holding;
        p.f.core.setDelegate(&holding);
        p.send(Invite);
        std::string copy = Invite;
        copy.replace(copy.find("z9hG4bKcore1"), 12, "z9hG4bKcore2");
        p.send(copy);
        auto answers = p.responses();
        QCOMPARE(answers.size(), std::size_t(1));
        QCOMPARE(answers.front().statusCode, 482);
        QCOMPARE(answers.front().topVia()->branch().value_or(""), std::string_view("z9hG4bKcore2"));
        std::string ack = ackFor(toTagOf(answers.front()));
        p.send(ack.replace(ack.find("z9hG4bKcore1"), 12, "z9hG4bKcore2"));
        QCOMPARE(holding.servers.size(), std::size_t(1)); // the first copy goes on
        // Once the first is answered and its transaction over, the same request is new again.
        QCOMPARE(holding.servers.front()->reply(486), std::error_code());
        p.send(ackFor(toTagOf(p.responses().front())));
        p.f.advance(p.f.core.configuration().timers.timerI(false));
        std::string later = Invite;
        later.replace(later.find("z9hG4bKcore1"), 12, "z9hG4bKcore3");
        p.send(later);
        QCOMPARE(p.codes(), std::vector<int>{});
        QCOMPARE(holding.servers.size(), std::size_t(2));
    }

    void ownRequestComingBackGets482()
    {
        Peer p;
        const auto uri = Uri::parse("sip:bob@127.0.0.1:5080");
        auto client = p.f.core.request(
                p.f.core.makeOutgoingRequestMessage("OPTIONS", *uri, NameAddr{{}, *uri, {}}),
                nullptr);
        auto sent = p.f.takeAll();
        QCOMPARE(sent.size(), std::size_t(1));
        // A proxy that routes our OPTIONS back to us, its Via on top of ours.
        Request looped = std::get<Request>(sent.front());
        looped.prependHeader("Via", "SIP/2.0/UDP 192.0.2.9:5060;branch=z9hG4bKproxy");
        p.send(looped.serialize());
        auto answers = p.responses();
        QCOMPARE(answers.size(), std::size_t(1));
        QCOMPARE(answers.front().statusCode, 482);
        QCOMPARE(answers.front().reasonPhrase, std::string("Loop Detected"));
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

    void retransmissionsGetTheSameResponse()
    {
        using namespace std::chrono_literals;
        Peer p;
        p.send(Options);
        const auto first = p.responses();
        QCOMPARE(first.size(), std::size_t(1));
        QCOMPARE(p.f.core.userAgentServerCount(), std::size_t(1));
        p.f.advance(500ms);
        p.send(Options);
        p.f.advance(1s);
        p.send(Options);
        const auto again = p.responses();
        QCOMPARE(again.size(), std::size_t(2));
        for (const Response &response : again) {
            QCOMPARE(response.statusCode, 200);
            QCOMPARE(toTagOf(response), toTagOf(first.front())); // re-sent, not made anew
        }
        QCOMPARE(p.f.core.userAgentServerCount(), std::size_t(1));
        p.f.advance(32s); // Timer J
        QCOMPARE(p.f.core.userAgentServerCount(), std::size_t(0));
        p.send(Options); // now a new request: a new transaction and a new tag
        const auto fresh = p.responses();
        QCOMPARE(fresh.size(), std::size_t(1));
        QVERIFY(toTagOf(fresh.front()) != toTagOf(first.front()));
    }

    void ackStopsTheRetransmissionsOfAFailure()
    {
        using namespace std::chrono_literals;
        Peer p;
        p.send(Invite);
        const auto failure = p.responses();
        QCOMPARE(failure.size(), std::size_t(1));
        QCOMPARE(failure.front().statusCode, 480);
        p.send(Invite); // a retransmission: the same 480
        const auto again = p.responses();
        QCOMPARE(again.size(), std::size_t(1));
        QCOMPARE(toTagOf(again.front()), toTagOf(failure.front()));
        p.f.advance(500ms); // Timer G
        QCOMPARE(p.codes(), std::vector<int>{480});
        p.send(ackFor(toTagOf(failure.front())));
        p.f.advance(10s);
        QCOMPARE(p.codes(), std::vector<int>{}); // absorbed: G is off, the ACK is not answered
        QCOMPARE(p.f.core.userAgentServerCount(), std::size_t(0)); // Timer I (5 s) ended it
    }

    void withoutAckTimerHEndsTheTransaction()
    {
        using namespace std::chrono_literals;
        Peer p;
        p.send(Invite);
        p.f.advance(31999ms);
        QCOMPARE(p.codes().size(), std::size_t(1 + 10)); // the 480 and ten Timer G re-sends
        QCOMPARE(p.f.core.userAgentServerCount(), std::size_t(1));
        p.f.advance(1ms);
        QCOMPARE(p.f.core.userAgentServerCount(), std::size_t(0));
    }

    void cancelOfAHeldInvite()
    {
        using namespace std::chrono_literals;
        Peer p;
        HoldingDelegate delegate;
        p.f.core.setDelegate(&delegate);
        p.send(Invite);
        QCOMPARE(delegate.servers.size(), std::size_t(1));
        QCOMPARE(p.codes(), std::vector<int>{});
        p.f.advance(200ms); // §17.2.1: the transaction says 100 Trying for the silent TU
        QCOMPARE(p.codes(), std::vector<int>{100});
        p.send(Cancel);
        const auto answers = p.responses();
        QCOMPARE(answers.size(), std::size_t(2));
        QCOMPARE(answers[0].statusCode, 200);
        QCOMPARE(answers[0].cseq()->method, std::string("CANCEL"));
        QCOMPARE(answers[1].statusCode, 487);
        QCOMPARE(answers[1].cseq()->method, std::string("INVITE"));
        QCOMPARE(delegate.cancels, 1);
        p.send(Cancel); // retransmitted CANCEL: its 200 again, no second 487
        QCOMPARE(p.codes(), std::vector<int>{200});
        p.send(ackFor(toTagOf(answers[1])));
        p.f.advance(10s);
        QCOMPARE(p.codes(), std::vector<int>{});
        QCOMPARE(delegate.servers.front()->transaction()->state(), TransactionState::Terminated);
    }

    void cancelAfterTheFinalResponseOnlyGets200()
    {
        Peer p;
        p.send(Invite);
        QCOMPARE(p.codes(), std::vector<int>{480});
        p.send(Cancel);
        QCOMPARE(p.codes(), std::vector<int>{200});
    }

    void cancelOfNothingGets481()
    {
        Peer p;
        p.send(Cancel);
        QCOMPARE(p.codes(), std::vector<int>{481});
    }

    void requestSendsANonInvite()
    {
        struct Final final : OutgoingRequestDelegate
        {
            void onAccept(const Response &r) override { codes.push_back(r.statusCode); }
            std::vector<int> codes;
        } delegate;
        CoreFixture f;
        auto registrar = Uri::parse("sip:registrar.example:5080");
        auto aor = Uri::parse("sip:alice@registrar.example");
        auto client = f.core.request(
                f.core.makeOutgoingRequestMessage("REGISTER", *registrar, NameAddr{{}, *aor, {}}),
                &delegate);
        auto sent = f.takeRequests("REGISTER");
        QCOMPARE(sent.size(), std::size_t(1));
        const auto contact = sent.front().contacts();
        QVERIFY(contact.ok() && contact->size() == 1);
        QCOMPARE(contact->front().uri.toString(), std::string("sip:ringback@127.0.0.1:5062"));
        f.advance(std::chrono::milliseconds(500)); // Timer E
        QCOMPARE(f.takeRequests("REGISTER").size(), std::size_t(1));
        f.respond(sent.front(), 200);
        QCOMPARE(delegate.codes, std::vector<int>{200});
        QVERIFY(f.takeAll().empty()); // no ACK for a non-INVITE
    }
};

QTEST_GUILESS_MAIN(tst_UserAgentCore)
#include "tst_useragentcore.moc"
