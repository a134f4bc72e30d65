// Covers instant messages (RFC 3428) on virtual time over the in-memory transport:
//  - Messager sends one MESSAGE out of any dialog (To the target, From our AOR, the body with
//    its Content-Type) and reports the final response once, 2xx or not;
//  - a MESSAGE out of any dialog reaches a core delegate that takes messages: text/plain is
//    answered 200 and read by InstantMessage::receive (sender without tag, body), another type
//    415 with Accept; without such a delegate the core answers 405 with an Allow that lists
//    MESSAGE;
//  - a MESSAGE within a call reaches the session's message handler (200, inDialog), or gets
//    501 without one.
#include "support/connectedcall.h"

#include "sipcore/core/useragentcoredelegate.h"
#include "sipcore/core/useragentserver.h"
#include "sipcore/session/messager.h"

using namespace sipcore;
using namespace sipcore::test;

namespace {

/// A core delegate that takes messages as UserAgent does.
struct MessageTaker final : UserAgentCoreDelegate
{
    void onInvite(const std::shared_ptr<InviteUserAgentServer> &) override {}
    bool onMessage(const std::shared_ptr<UserAgentServer> &server) override
    {
        if (auto message = InstantMessage::receive(*server))
            received.push_back(std::move(*message));
        return true;
    }
    std::vector<InstantMessage> received;
};

/// A MESSAGE from alice to us, out of any dialog, with \a contentType and \a body; \a n
/// tells the transactions apart.
std::string incomingMessage(std::string_view contentType, std::string_view body, int n = 1)
{
    return "MESSAGE sip:ringback@127.0.0.1:5062 SIP/2.0\r\n"
           "Via: SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bK-msg-"
           + std::to_string(n)
           + "\r\n"
             "Max-Forwards: 70\r\n"
             "From: \"Alice\" <sip:alice@127.0.0.1:5080>;tag=a1\r\n"
             "To: <sip:ringback@127.0.0.1:5062>\r\n"
             "Call-ID: message-"
           + std::to_string(n)
           + "\r\n"
             "CSeq: 1 MESSAGE\r\n"
             "Content-Type: "
           + std::string(contentType) + "\r\nContent-Length: " + std::to_string(body.size())
           + "\r\n\r\n" + std::string(body);
}

} // namespace

class tst_Messager : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sendsOneMessageAndReportsItsAnswer_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("accepted") << 200;
        QTest::newRow("accepted for later") << 202;
        QTest::newRow("no such user") << 404;
    }

    void sendsOneMessageAndReportsItsAnswer()
    {
        QFETCH(int, status);
        CoreFixture f;
        std::vector<int> answers;
        auto messager = std::make_shared<Messager>(
                f.core, f.io.get_executor(), *Uri::parse("sip:bob@127.0.0.1:5080"),
                "Lunch at noon?",
                [&answers](int code, const std::string &) { answers.push_back(code); });
        messager->message();
        messager->message(); // once only
        const auto sent = f.takeRequests("MESSAGE");
        QCOMPARE(sent.size(), std::size_t(1));
        const Request &message = sent.front();
        QCOMPARE(message.requestUri().toString(), std::string("sip:bob@127.0.0.1:5080"));
        QCOMPARE(message.to()->uri.toString(), std::string("sip:bob@127.0.0.1:5080"));
        QVERIFY(!message.to()->tag());
        QVERIFY(message.from()->tag());
        QCOMPARE(*message.header("Content-Type"), std::string_view("text/plain;charset=UTF-8"));
        QCOMPARE(message.body(), std::string_view("Lunch at noon?"));
        QVERIFY(!message.header("Contact")); // RFC 3428 §4: no Contact
        QVERIFY(answers.empty());
        f.respond(message, status);
        QCOMPARE(answers, std::vector<int>{status});
        messager->dispose();
    }

    void incomingMessageOutOfDialog()
    {
        CoreFixture f;
        MessageTaker taker;
        f.core.setDelegate(&taker);
        QVERIFY(!f.transport.inject(incomingMessage("text/plain; charset=UTF-8", "hello"),
                                    {"127.0.0.1", 5080}));
        auto responses = f.takeResponses();
        QCOMPARE(responses.size(), std::size_t(1));
        QCOMPARE(responses.front().statusCode, 200);
        QCOMPARE(taker.received.size(), std::size_t(1));
        QCOMPARE(taker.received.front().body, std::string("hello"));
        QCOMPARE(taker.received.front().from.uri.toString(),
                 std::string("sip:alice@127.0.0.1:5080"));
        QCOMPARE(taker.received.front().from.displayName, std::string("Alice"));
        QVERIFY(!taker.received.front().from.tag());
        QVERIFY(!taker.received.front().inDialog);

        QVERIFY(!f.transport.inject(incomingMessage("text/html", "<b>hi</b>", 2),
                                    {"127.0.0.1", 5080}));
        responses = f.takeResponses();
        QCOMPARE(responses.size(), std::size_t(1));
        QCOMPARE(responses.front().statusCode, 415);
        QCOMPARE(*responses.front().header("Accept"), std::string_view("text/plain"));
        QCOMPARE(taker.received.size(), std::size_t(1));
    }

    void messageWithoutTakerIsNotAllowed()
    {
        CoreFixture f;
        QVERIFY(!f.transport.inject(incomingMessage("text/plain", "hello"), {"127.0.0.1", 5080}));
        const auto responses = f.takeResponses();
        QCOMPARE(responses.size(), std::size_t(1));
        QCOMPARE(responses.front().statusCode, 405);
        QVERIFY(responses.front().header("Allow")->find("MESSAGE") != std::string_view::npos);
    }

    void messageWithinACall()
    {
        ConnectedCall c;
        c.peerRequest("MESSAGE", 2, {}, "text/plain", "no handler yet");
        QCOMPARE(c.f.takeResponses().front().statusCode, 501);

        std::vector<InstantMessage> received;
        c.inviter->setMessageHandler(
                [&received](const InstantMessage &message) { received.push_back(message); });
        c.peerRequest("MESSAGE", 3, {}, "text/plain", "are you there?");
        QCOMPARE(c.f.takeResponses().front().statusCode, 200);
        QCOMPARE(received.size(), std::size_t(1));
        QCOMPARE(received.front().body, std::string("are you there?"));
        QVERIFY(received.front().inDialog);
        QCOMPARE(received.front().from.uri.toString(), c.invite.to()->uri.toString());
    }
};

QTEST_GUILESS_MAIN(tst_Messager)
#include "tst_messager.moc"
