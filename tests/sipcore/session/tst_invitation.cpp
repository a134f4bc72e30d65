// Covers the Invitation (an incoming call) on virtual time over the in-memory transport, as the
// user agent drives it: each new INVITE rings (180 with our To tag); accept() sends 200 with
// SDP and our Contact, and the ACK establishes the call; hangup() declines an unanswered call
// (603) and ends an established one with BYE; the caller's CANCEL gets 200 and the INVITE 487
// (Cancelled); nobody answering within the no-answer time gets 480, an INVITE's Expires gets
// 487 sooner (NoAnswer); no ACK within 64·T1 ends the call with the dialog's BYE (Failed); a
// BYE before the ACK ends the call (RemoteHangup); a hang-up before the ACK waits for the ACK
// (RFC 3261 §15) and then sends BYE; dispose() answers an unanswered call 480. When the
// INVITE requires 100rel (RFC 3262) the 180 goes reliably, an UPDATE in its early dialog is
// answered by the session, and no PRACK within 64·T1 ends the call (500, Failed).
#include "support/callerrequest.h"
#include "support/sipfixture.h"

#include "sipcore/core/inviteuseragentserver.h"
#include "sipcore/session/invitation.h"

using namespace sipcore;
using namespace sipcore::test;
using namespace std::chrono_literals;
using State = Invitation::State;
using EndReason = Invitation::EndReason;

namespace {

const std::string Invite = callerRequest("INVITE", "z9hG4bKinv1", 1);
const std::string ReliableInvite
        = callerRequest("INVITE", "z9hG4bKinv1", 1, {}, "Require: 100rel\r\n");

UserAgentCoreConfiguration withReliability()
{
    UserAgentCoreConfiguration configuration;
    configuration.supported = {"100rel"};
    return configuration;
}

/// What UserAgent does with each INVITE: an Invitation that records its statuses, then rings.
struct Callee final : UserAgentCoreDelegate
{
    explicit Callee(Duration noAnswer = 60s, UserAgentCoreConfiguration configuration = {})
        : f(std::move(configuration))
        , noAnswerTimeout(noAnswer)
    {
        f.core.setDelegate(this);
    }
    ~Callee() override
    {
        if (invitation)
            invitation->dispose();
    }

    void onInvite(const std::shared_ptr<InviteUserAgentServer> &server) override
    {
        invitation = std::make_shared<Invitation>(
                f.core, f.io.get_executor(), server, noAnswerTimeout,
                [this](const Invitation::Status &status) { history.push_back(status); });
        invitation->progress();
    }

    void send(const std::string &text) { f.transport.inject(text, Endpoint{"127.0.0.1", 40000}); }
    /// Everything sent since the last call, parsed.
    std::vector<SipMessageVariant> sent() { return f.takeAll(); }
    /// The one message sent since the last call, as a response.
    Response response()
    {
        auto all = sent();
        if (all.size() != 1 || !std::holds_alternative<Response>(all.front()))
            qFatal("expected one response, got %zu messages", all.size());
        return std::get<Response>(std::move(all.front()));
    }
    /// Sends the INVITE and returns the 180 it got.
    Response ring(const std::string &invite = Invite)
    {
        send(invite);
        Response ringing = response();
        toTag = std::string(ringing.to()->tag().value_or(""));
        return ringing;
    }
    /// Rings, accepts and returns the 200.
    Response answer()
    {
        ring();
        invitation->accept();
        return response();
    }
    void ack() { send(callerRequest("ACK", "z9hG4bKack1", 1, toTag)); }
    const Invitation::Status &last() const { return history.back(); }

    CoreFixture f;
    Duration noAnswerTimeout;
    std::shared_ptr<Invitation> invitation;
    std::vector<Invitation::Status> history;
    std::string toTag;
};

} // namespace

Q_DECLARE_METATYPE(sipcore::Session::EndReason)

class tst_Invitation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void ringsWithOurTag()
    {
        Callee c;
        const Response ringing = c.ring();
        QCOMPARE(ringing.statusCode, 180);
        QVERIFY(!c.toTag.empty());
        QCOMPARE(c.last().state, State::Initial);
        QVERIFY(c.last().ringing);
        QCOMPARE(c.last().statusCode, 180);
        QCOMPARE(c.invitation->remoteIdentity().displayName, std::string("Alice"));
        QCOMPARE(c.invitation->remoteIdentity().uri.toString(),
                 std::string("sip:alice@example.com"));
        // A retransmitted INVITE gets the 180 again, not a second call.
        c.send(Invite);
        QCOMPARE(c.response().statusCode, 180);
        QCOMPARE(c.history.size(), std::size_t(1));
    }

    void reliableRingingThenAnswered()
    {
        Callee c(60s, withReliability());
        const Response ringing = c.ring(ReliableInvite);
        QCOMPARE(ringing.statusCode, 180);
        const auto rseq = ringing.header("RSeq");
        QVERIFY(rseq);
        QVERIFY(c.last().ringing);
        c.send(callerRequest("UPDATE", "z9hG4bKupd", 2, c.toTag));
        Response answer = c.response();
        QCOMPARE(answer.statusCode, 200);
        QCOMPARE(answer.cseq()->method, std::string("UPDATE"));
        c.send(callerRequest("PRACK", "z9hG4bKprack", 3, c.toTag,
                             "RAck: " + std::string(*rseq) + " 1 INVITE\r\n"));
        QCOMPARE(c.response().cseq()->method, std::string("PRACK"));
        c.invitation->accept();
        answer = c.response();
        QCOMPARE(answer.statusCode, 200);
        QCOMPARE(answer.cseq()->method, std::string("INVITE"));
        c.ack();
        QCOMPARE(c.last().state, State::Established);
    }

    void noPrackFailsTheCall()
    {
        Callee c(60s, withReliability());
        c.ring(ReliableInvite);
        c.f.advance(32s);
        QCOMPARE(c.last().state, State::Terminated);
        QCOMPARE(c.last().endReason, EndReason::Failed);
        QCOMPARE(c.last().statusCode, 500);
    }

    void answeredThenHungUp()
    {
        Callee c;
        const Response ok = c.answer();
        QCOMPARE(ok.statusCode, 200);
        QCOMPARE(std::string(ok.to()->tag().value_or("")), c.toTag); // the 180's tag
        QCOMPARE(*ok.header("Content-Type"), std::string_view("application/sdp"));
        QVERIFY(ok.body().starts_with("v=0\r\n"));
        QCOMPARE(ok.contacts()->front().uri.toString(), std::string("sip:ringback@127.0.0.1:5062"));
        QCOMPARE(c.last().state, State::Establishing);
        c.ack();
        QCOMPARE(c.last().state, State::Established);
        QVERIFY(c.sent().empty());

        c.invitation->hangup();
        const auto requests = c.f.takeRequests("BYE");
        QCOMPARE(requests.size(), std::size_t(1));
        const Request &bye = requests.front();
        QCOMPARE(bye.requestUri().toString(), std::string("sip:alice@192.0.2.7:5999"));
        QCOMPARE(std::string(bye.from()->tag().value_or("")), c.toTag);
        QCOMPARE(c.last().state, State::Terminating);
        c.f.transport.inject(CoreFixture::answer(bye, 200, "a1").serialize(),
                             Endpoint{"192.0.2.7", 5999});
        c.f.poll();
        QCOMPARE(c.last().state, State::Terminated);
        QCOMPARE(c.last().endReason, EndReason::LocalHangup);
    }

    void callerHangsUp()
    {
        Callee c;
        c.answer();
        c.ack();
        c.send(callerRequest("BYE", "z9hG4bKbye1", 2, c.toTag));
        QCOMPARE(c.response().statusCode, 200);
        QCOMPARE(c.last().state, State::Terminated);
        QCOMPARE(c.last().endReason, EndReason::RemoteHangup);
    }

    void declined_data()
    {
        QTest::addColumn<bool>("byHangup");
        QTest::addColumn<int>("code");
        QTest::newRow("hangup()") << true << 603;
        QTest::newRow("reject(486)") << false << 486;
    }
    void declined()
    {
        QFETCH(bool, byHangup);
        QFETCH(int, code);
        Callee c;
        c.ring();
        if (byHangup)
            c.invitation->hangup();
        else
            c.invitation->reject(code);
        const Response final = c.response();
        QCOMPARE(final.statusCode, code);
        QCOMPARE(c.last().state, State::Terminated);
        QCOMPARE(c.last().endReason, EndReason::Declined);
        QCOMPARE(c.last().statusCode, code);
        QCOMPARE(c.last().reasonPhrase, final.reasonPhrase);
        c.send(callerRequest("ACK", "z9hG4bKinv1", 1, c.toTag)); // absorbed by the transaction
        QVERIFY(c.sent().empty());
        c.invitation->accept(); // too late: nothing happens
        QVERIFY(c.sent().empty());
        QCOMPARE(c.f.core.dialogCount(), std::size_t(0));
    }

    void callerCancels()
    {
        Callee c;
        c.ring();
        c.send(callerRequest("CANCEL", "z9hG4bKinv1", 1));
        auto all = c.sent();
        QCOMPARE(all.size(), std::size_t(2));
        const Response &cancelOk = std::get<Response>(all.at(0));
        const Response &terminated = std::get<Response>(all.at(1));
        QCOMPARE(cancelOk.statusCode, 200);
        QCOMPARE(cancelOk.cseq()->method, std::string("CANCEL"));
        QCOMPARE(terminated.statusCode, 487);
        QCOMPARE(terminated.cseq()->method, std::string("INVITE"));
        QCOMPARE(c.last().state, State::Terminated);
        QCOMPARE(c.last().endReason, EndReason::Cancelled);
        QCOMPARE(c.last().statusCode, 487);
        c.send(callerRequest("ACK", "z9hG4bKinv1", 1, c.toTag));
        // Answering now is too late, and the no-answer timer is gone.
        c.invitation->accept();
        c.f.advance(120s);
        QVERIFY(c.sent().empty());
        QCOMPARE(c.history.size(), std::size_t(2));
    }

    void nobodyAnswers_data()
    {
        QTest::addColumn<QString>("expiresHeader");
        QTest::addColumn<int>("waitSeconds");
        QTest::addColumn<int>("code");
        QTest::newRow("no-answer time") << QString() << 30 << 480;
        QTest::newRow("Expires sooner") << "Expires: 10\r\n" << 10 << 487;
        QTest::newRow("Expires later") << "Expires: 90\r\n" << 30 << 480;
    }
    void nobodyAnswers()
    {
        QFETCH(QString, expiresHeader);
        QFETCH(int, waitSeconds);
        QFETCH(int, code);
        Callee c(30s);
        c.ring(callerRequest("INVITE", "z9hG4bKinv1", 1, {}, expiresHeader.toStdString()));
        c.f.advance(std::chrono::seconds(waitSeconds) - 1ms);
        QVERIFY(c.sent().empty());
        QCOMPARE(c.last().state, State::Initial);
        c.f.advance(1ms);
        QCOMPARE(c.response().statusCode, code);
        QCOMPARE(c.last().state, State::Terminated);
        QCOMPARE(c.last().endReason, EndReason::NoAnswer);
        QCOMPARE(c.last().statusCode, code);
    }

    void zeroNoAnswerTimeMeansNoLimit()
    {
        Callee c(Duration::zero());
        c.ring();
        c.f.advance(3600s);
        QVERIFY(c.sent().empty());
        QCOMPARE(c.last().state, State::Initial);
    }

    void withoutAckTheCallFails()
    {
        Callee c;
        c.answer();
        c.f.advance(c.f.core.configuration().timers.timerH());
        const auto byes = c.f.takeRequests("BYE");
        QCOMPARE(byes.size(), std::size_t(1));
        QCOMPARE(c.last().state, State::Terminated);
        QCOMPARE(c.last().endReason, EndReason::Failed);
        QCOMPARE(c.last().statusCode, 408);
    }

    void byeBeforeTheAck()
    {
        Callee c;
        c.answer();
        c.send(callerRequest("BYE", "z9hG4bKbye1", 2, c.toTag));
        QCOMPARE(c.response().statusCode, 200);
        QCOMPARE(c.last().state, State::Terminated);
        QCOMPARE(c.last().endReason, EndReason::RemoteHangup);
        c.f.advance(60s); // no 2xx re-sent, no BYE of ours
        QVERIFY(c.sent().empty());
    }

    void hangupBeforeTheAckWaitsForIt()
    {
        Callee c;
        c.answer();
        c.invitation->hangup();
        c.f.poll();
        QCOMPARE(c.last().state, State::Terminating);
        QVERIFY(c.f.takeRequests("BYE").empty());
        c.ack();
        const auto byes = c.f.takeRequests("BYE");
        QCOMPARE(byes.size(), std::size_t(1));
        c.f.transport.inject(CoreFixture::answer(byes.front(), 200, "a1").serialize(),
                             Endpoint{"192.0.2.7", 5999});
        c.f.poll();
        QCOMPARE(c.last().state, State::Terminated);
        QCOMPARE(c.last().endReason, EndReason::LocalHangup);
    }

    void disposeAnswersAnUnansweredCall()
    {
        Callee c;
        c.ring();
        c.invitation->dispose();
        QCOMPARE(c.response().statusCode, 480);
        c.f.advance(120s);
        QVERIFY(c.sent().empty());
    }
};

QTEST_GUILESS_MAIN(tst_Invitation)
#include "tst_invitation.moc"
