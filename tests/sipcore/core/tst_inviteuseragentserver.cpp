// Covers InviteUserAgentServer and the UAS side of SessionDialog on the in-memory transport and
// virtual time: a 2xx to an out-of-dialog INVITE carries our Contact and the request's
// Record-Route values and creates a dialog with the state of RFC 3261 §12.1.1 (tags, remote
// target, route set in order); a non-2xx creates none, nor does a second 2xx. The 2xx is re-sent
// at T1, 2·T1, … up to T2 until its ACK arrives (§13.3.1.4), and 64·T1 without one ends the
// session with BYE. The ACK (a branch of its own) is absorbed without an answer and reaches the
// session delegate. An in-dialog BYE is answered 200, ends the dialog (also before the ACK,
// which stops the re-sending) and reaches the delegate; a BYE for an unknown dialog still gets
// 481.
#include "support/callerrequest.h"
#include "support/sipfixture.h"

#include "sipcore/core/inviteuseragentserver.h"
#include "sipcore/core/sessiondialog.h"

using namespace sipcore;
using namespace sipcore::test;
using namespace std::chrono_literals;

namespace {

const std::string RecordRoute
        = "Record-Route: <sip:p1.example.com;lr>, <sip:p2.example.com;lr>\r\n";

const std::string Invite = callerRequest("INVITE", "z9hG4bKuas1", 7);

/// Answers every INVITE with `code`, keeps the servers and dialogs, and counts what the
/// sessions hear.
struct Answering final : UserAgentCoreDelegate, SessionDelegate
{
    void onInvite(const std::shared_ptr<InviteUserAgentServer> &server) override
    {
        servers.push_back(server);
        if (code < 200 || code >= 300) {
            server->reply(code);
            return;
        }
        auto dialog = server->accept({}, code);
        QVERIFY(dialog.ok());
        (*dialog)->setDelegate(this);
        dialogs.push_back(*dialog);
    }
    void onBye(const Request &) override { ++byes; }
    void onAck(const Request &) override { ++acks; }
    void onAckTimeout() override { ++ackTimeouts; }

    int code = 200;
    std::vector<std::shared_ptr<InviteUserAgentServer>> servers;
    std::vector<std::shared_ptr<SessionDialog>> dialogs;
    int byes = 0;
    int acks = 0;
    int ackTimeouts = 0;
};

struct Callee
{
    Callee() { f.core.setDelegate(&delegate); }

    void send(const std::string &text) { f.transport.inject(text, Endpoint{"127.0.0.1", 40000}); }
    /// The bytes sent since the last call.
    std::vector<std::string> sentBytes()
    {
        f.poll();
        std::vector<std::string> out;
        while (auto sent = f.transport.takeSent())
            out.push_back(std::move(sent->bytes));
        return out;
    }
    /// Everything sent since the last call, parsed.
    std::vector<SipMessageVariant> sent()
    {
        std::vector<SipMessageVariant> out;
        for (const std::string &bytes : sentBytes())
            out.push_back(parseSent(bytes));
        return out;
    }
    /// Sends the INVITE and returns its one response, a 200.
    Response accepted(const std::string &invite = Invite)
    {
        send(invite);
        auto answers = sent();
        if (answers.size() != 1 || !std::holds_alternative<Response>(answers.front()))
            qFatal("expected one response to the INVITE, got %zu messages", answers.size());
        return std::get<Response>(std::move(answers.front()));
    }

    CoreFixture f;
    Answering delegate;
};

std::string toTagOf(const Response &response)
{
    return std::string(response.to()->tag().value_or(""));
}

} // namespace

class tst_InviteUserAgentServer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void twoHundredCreatesTheDialog()
    {
        Callee c;
        const Response ok = c.accepted(callerRequest("INVITE", "z9hG4bKuas1", 7, {}, RecordRoute));
        QCOMPARE(ok.statusCode, 200);
        const std::string tag = toTagOf(ok);
        QVERIFY(!tag.empty());
        const auto contacts = ok.contacts();
        QVERIFY(contacts.ok() && contacts->size() == 1);
        QCOMPARE(contacts->front().uri.toString(), std::string("sip:ringback@127.0.0.1:5062"));
        const auto recordRoutes = ok.recordRoutes();
        QVERIFY(recordRoutes.ok() && recordRoutes->size() == 2);
        QCOMPARE(recordRoutes->at(0).uri.host, std::string("p1.example.com"));
        QCOMPARE(recordRoutes->at(1).uri.host, std::string("p2.example.com"));

        QCOMPARE(c.f.core.dialogCount(), std::size_t(1));
        QCOMPARE(c.delegate.dialogs.size(), std::size_t(1));
        const auto &dialog = c.delegate.dialogs.front();
        QCOMPARE(c.delegate.servers.front()->dialog(), dialog);
        QCOMPARE(dialog->localTag(), tag);
        QCOMPARE(dialog->remoteTag(), std::string("a1"));
        QCOMPARE(dialog->callId(), std::string("uas-test-1"));
        QCOMPARE(dialog->remoteTarget().toString(), std::string("sip:alice@192.0.2.7:5999"));
        QVERIFY(dialog->isWaitingForAck());
        // §12.1.1: the UAS keeps the Record-Route values in their order.
        QCOMPARE(dialog->routeSet().size(), std::size_t(2));
        QCOMPARE(dialog->routeSet().front().uri.host, std::string("p1.example.com"));
        // §12.2.1.1: our request in the dialog goes from our To (with our tag) to their From.
        const Request bye = dialog->createRequest("BYE");
        QCOMPARE(bye.requestUri().toString(), std::string("sip:alice@192.0.2.7:5999"));
        QCOMPARE(std::string(bye.from()->tag().value_or("")), tag);
        QCOMPARE(std::string(bye.to()->tag().value_or("")), std::string("a1"));
        QCOMPARE(bye.routes()->front().uri.host, std::string("p1.example.com"));
        QCOMPARE(bye.cseq()->sequence, 1u);
    }

    void failureCreatesNoDialog()
    {
        Callee c;
        c.delegate.code = 486;
        QCOMPARE(c.accepted().statusCode, 486);
        QCOMPARE(c.f.core.dialogCount(), std::size_t(0));
        QVERIFY(!c.delegate.servers.front()->dialog());
    }

    void secondTwoHundredCreatesNoSecondDialog()
    {
        Callee c;
        const Response ok = c.accepted();
        auto server = c.delegate.servers.front();
        QCOMPARE(server->reply(200), std::error_code());
        const auto again = c.sent();
        QCOMPARE(again.size(), std::size_t(1));
        QCOMPARE(toTagOf(std::get<Response>(again.front())), toTagOf(ok));
        QCOMPARE(c.f.core.dialogCount(), std::size_t(1));
        QCOMPARE(server->dialog(), c.delegate.dialogs.front());
    }

    void ackIsAbsorbed()
    {
        Callee c;
        const Response ok = c.accepted();
        c.send(callerRequest("ACK", "z9hG4bKuas2", 7, toTagOf(ok)));
        QCOMPARE(c.sent().size(), std::size_t(0)); // an ACK is never answered
        QCOMPARE(c.delegate.acks, 1);
        QVERIFY(!c.delegate.dialogs.front()->isWaitingForAck());
        QCOMPARE(c.f.core.dialogCount(), std::size_t(1));
        c.send(callerRequest("ACK", "z9hG4bKuas2", 7, toTagOf(ok))); // a retransmitted ACK
        QCOMPARE(c.delegate.acks, 1);
        c.f.advance(60s);
        QCOMPARE(c.sent().size(), std::size_t(0)); // no 2xx re-sent, no BYE
    }

    void twoHundredIsResentUntilTheAck()
    {
        Callee c;
        c.send(Invite);
        const auto first = c.sentBytes();
        QCOMPARE(first.size(), std::size_t(1));
        c.f.advance(499ms);
        QCOMPARE(c.sentBytes().size(), std::size_t(0));
        // T1, then doubling: 0.5 s, 1.5 s, 3.5 s after the 2xx.
        for (const auto step : {1ms, 1000ms, 2000ms}) {
            c.f.advance(step);
            QCOMPARE(c.sentBytes(), first); // the same bytes again
        }
        c.f.advance(3999ms);
        QCOMPARE(c.sentBytes().size(), std::size_t(0));
        const std::string tag = toTagOf(std::get<Response>(parseSent(first.front())));
        c.send(callerRequest("ACK", "z9hG4bKuas2", 7, tag));
        c.f.advance(60s);
        QCOMPARE(c.sentBytes().size(), std::size_t(0));
        QCOMPARE(c.delegate.ackTimeouts, 0);
    }

    void withoutAckTheSessionEndsWithBye()
    {
        Callee c;
        const Response ok = c.accepted();
        // Re-sent at 0.5, 1.5, 3.5, 7.5 s, then every T2 (4 s) up to 31.5 s: ten times.
        c.f.advance(31999ms);
        QCOMPARE(c.sentBytes().size(), std::size_t(10));
        QCOMPARE(c.delegate.ackTimeouts, 0);
        c.f.advance(1ms); // 64·T1
        QCOMPARE(c.delegate.ackTimeouts, 1);
        const auto sent = c.sent();
        QCOMPARE(sent.size(), std::size_t(1));
        const auto *bye = std::get_if<Request>(&sent.front());
        QVERIFY(bye);
        QCOMPARE(bye->method, std::string("BYE"));
        QCOMPARE(bye->requestUri().toString(), std::string("sip:alice@192.0.2.7:5999"));
        QCOMPARE(std::string(bye->from()->tag().value_or("")), toTagOf(ok));
        QVERIFY(c.delegate.dialogs.front()->isTerminated());
    }

    void byeEndsTheDialog()
    {
        Callee c;
        const Response ok = c.accepted();
        c.send(callerRequest("ACK", "z9hG4bKuas2", 7, toTagOf(ok)));
        c.send(callerRequest("BYE", "z9hG4bKuas3", 8, toTagOf(ok)));
        const auto answers = c.sent();
        QCOMPARE(answers.size(), std::size_t(1));
        const Response &byeOk = std::get<Response>(answers.front());
        QCOMPARE(byeOk.statusCode, 200);
        QCOMPARE(byeOk.cseq()->method, std::string("BYE"));
        QCOMPARE(c.delegate.byes, 1);
        QCOMPARE(c.f.core.dialogCount(), std::size_t(0));
        QVERIFY(c.delegate.dialogs.front()->isTerminated());
        // A retransmitted BYE meets its transaction, which answers 200 again (not 481).
        c.send(callerRequest("BYE", "z9hG4bKuas3", 8, toTagOf(ok)));
        const auto again = c.sent();
        QCOMPARE(again.size(), std::size_t(1));
        QCOMPARE(std::get<Response>(again.front()).statusCode, 200);
        QCOMPARE(c.delegate.byes, 1);
    }

    void byeBeforeTheAckStopsTheResending()
    {
        Callee c;
        const Response ok = c.accepted();
        c.send(callerRequest("BYE", "z9hG4bKuas3", 8, toTagOf(ok)));
        const auto answers = c.sent();
        QCOMPARE(answers.size(), std::size_t(1));
        QCOMPARE(std::get<Response>(answers.front()).statusCode, 200);
        QCOMPARE(c.f.core.dialogCount(), std::size_t(0));
        c.f.advance(60s);
        QCOMPARE(c.sentBytes().size(), std::size_t(0));
        QCOMPARE(c.delegate.ackTimeouts, 0);
    }

    void byeForAnUnknownDialogGets481()
    {
        Callee c;
        c.accepted();
        c.send(callerRequest("BYE", "z9hG4bKuas3", 8, "not-our-tag"));
        const auto answers = c.sent();
        QCOMPARE(answers.size(), std::size_t(1));
        QCOMPARE(std::get<Response>(answers.front()).statusCode, 481);
        QCOMPARE(c.f.core.dialogCount(), std::size_t(1));
        QCOMPARE(c.delegate.byes, 0);
    }
};

QTEST_GUILESS_MAIN(tst_InviteUserAgentServer)
#include "tst_inviteuseragentserver.moc"
