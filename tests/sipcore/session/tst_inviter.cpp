// Covers the Inviter's hang-up rules on virtual time over the in-memory transport:
//  4a  Hang Up before any 1xx sends nothing until a 1xx arrives, then one CANCEL;
//  4c  487 after CANCEL ends the call as Cancelled;
//  4d  a 200 OK crossing the CANCEL is ACKed, then BYEd; the call ends as Cancelled;
//  4e  no final response 64·T1 after the CANCEL still ends the call (Cancelled);
//  4f  a 401/407 arriving after Hang Up is ACKed and ends the call: no INVITE is re-sent;
//  4g  Hang Up twice sends one CANCEL;
//  and the ordinary life of a call: ringing, connected, BYE either way, busy, failures;
//  an unreachable server (ICMP) ends a call still without a response at once, with a reason
//  naming the cause and the address, and leaves a call that has heard from its peer alone;
//  a connection lost (reset or closed by the peer) ends even a ringing call at once, as
//  "Connection lost: …".
#include "support/sipfixture.h"

#include "sipcore/session/inviter.h"
#include "sipcore/transport/transporterror.h"

using namespace sipcore;
using namespace sipcore::test;
using namespace std::chrono_literals;
using State = Inviter::State;
using EndReason = Inviter::EndReason;

Q_DECLARE_METATYPE(sipcore::Inviter::EndReason)
Q_DECLARE_METATYPE(sipcore::TransportError)

namespace {

struct Dial
{
    explicit Dial(TimerSettings settings = {})
        : f(settings)
    {
        inviter = std::make_shared<Inviter>(
                f.core, f.io.get_executor(), *Uri::parse("sip:bob@127.0.0.1:5080"),
                [this](const Inviter::Status &status) { history.push_back(status); });
        inviter->invite();
        auto invites = f.takeRequests("INVITE");
        if (invites.size() != 1)
            qFatal("expected one INVITE");
        invite = invites.front();
    }
    ~Dial() { inviter->dispose(); }
    void hangup()
    {
        inviter->hangup();
        f.poll();
    }
    const Inviter::Status &last() const { return history.back(); }

    CoreFixture f;
    std::shared_ptr<Inviter> inviter;
    std::vector<Inviter::Status> history;
    Request invite;
};

} // namespace

class tst_Inviter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void inviteCarriesAnOfferAndContact()
    {
        Dial d;
        QCOMPARE(d.last().state, State::Establishing);
        QCOMPARE(*d.invite.header("Content-Type"), std::string_view("application/sdp"));
        QVERIFY(d.invite.body().starts_with("v=0\r\n"));
        QCOMPARE(d.invite.contacts()->front().uri.host, std::string("127.0.0.1"));
        QVERIFY(d.invite.from()->tag().has_value());
        QVERIFY(!d.invite.to()->tag().has_value());
    }

    void ringingThenCancelledBy487()
    {
        Dial d;
        d.f.respond(d.invite, 100);
        QVERIFY(!d.last().ringing);
        d.f.respond(d.invite, 180);
        QVERIFY(d.last().ringing);
        QCOMPARE(d.last().statusCode, 180);
        d.hangup();
        auto cancels = d.f.takeRequests("CANCEL");
        QCOMPARE(cancels.size(), std::size_t(1));
        d.f.respond(cancels.front(), 200);
        QCOMPARE(d.last().state, State::Establishing);
        d.f.respond(d.invite, 487);
        QCOMPARE(d.last().state, State::Terminated);
        QCOMPARE(d.last().endReason, EndReason::Cancelled);
        QCOMPARE(d.last().statusCode, 487);
        QCOMPARE(d.f.takeRequests("ACK").size(), std::size_t(1));
    }

    void hangupBeforeProvisionalWaitsForOne()
    {
        Dial d;
        d.hangup();
        d.f.advance(100ms);
        QCOMPARE(d.f.takeRequests("CANCEL").size(), std::size_t(0));
        d.f.respond(d.invite, 180);
        QCOMPARE(d.f.takeRequests("CANCEL").size(), std::size_t(1));
    }

    void okCrossingCancelIsAckedThenByed()
    {
        Dial d;
        d.f.respond(d.invite, 180);
        d.hangup();
        auto cancel = d.f.takeRequests("CANCEL").front();
        // The callee answered before our CANCEL arrived: 200 for the INVITE, and the CANCEL
        // finds no transaction left to cancel (200 to the CANCEL all the same).
        d.f.respond(d.invite, 200);
        d.f.respond(cancel, 200);
        const auto sent = d.f.takeAll();
        std::vector<std::string> methods;
        for (const auto &message : sent)
            methods.push_back(std::get<Request>(message).method);
        QCOMPARE(methods, (std::vector<std::string>{"ACK", "BYE"}));
        const Request &ack = std::get<Request>(sent[0]);
        const Request &bye = std::get<Request>(sent[1]);
        QVERIFY(ack.topVia()->branch() != d.invite.topVia()->branch()); // 2xx ACK: new branch
        QCOMPARE(ack.cseq()->sequence, d.invite.cseq()->sequence);
        QCOMPARE(ack.requestUri().toString(), std::string("sip:bob@127.0.0.1:5080"));
        QCOMPARE(ack.to()->tag(), std::optional<std::string_view>("peer-tag"));
        QCOMPARE(bye.cseq()->sequence, d.invite.cseq()->sequence + 1);
        QCOMPARE(*bye.callId(), *d.invite.callId());
        QCOMPARE(d.last().state, State::Terminating);
        QCOMPARE(d.last().endReason, EndReason::Cancelled);

        d.f.respond(bye, 200);
        QCOMPARE(d.last().state, State::Terminated);
        QCOMPARE(d.last().endReason, EndReason::Cancelled);
        // Nothing stays up: no dialog, and a retransmitted 200 is only re-ACKed.
        d.f.respond(d.invite, 200);
        QCOMPARE(d.f.takeRequests("ACK").size(), std::size_t(1));
        QCOMPARE(d.f.takeRequests("BYE").size(), std::size_t(0));
        for (const auto &status : d.history)
            QVERIFY(status.state != State::Established);
    }

    void noFinalResponseAfterCancelEndsTheCall()
    {
        Dial d(TimerSettings{.t1 = 20ms});
        d.f.respond(d.invite, 180);
        d.hangup();
        d.f.respond(d.f.takeRequests("CANCEL").front(), 200);
        d.f.advance(1279ms);
        QCOMPARE(d.last().state, State::Establishing);
        d.f.advance(1ms);
        QCOMPARE(d.last().state, State::Terminated);
        QCOMPARE(d.last().endReason, EndReason::Cancelled);
        QCOMPARE(d.last().statusCode, 408);
    }

    void challengeAfterHangupNeverResendsInvite_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<bool>("afterRinging");
        QTest::newRow("401 before any 1xx") << 401 << false;
        QTest::newRow("407 before any 1xx") << 407 << false;
        QTest::newRow("401 after 180") << 401 << true;
        QTest::newRow("407 after 180") << 407 << true;
    }
    void challengeAfterHangupNeverResendsInvite()
    {
        QFETCH(int, code);
        QFETCH(bool, afterRinging);
        Dial d;
        if (afterRinging)
            d.f.respond(d.invite, 180);
        d.hangup();
        if (afterRinging)
            d.f.respond(d.f.takeRequests("CANCEL").front(), 200);
        d.f.takeAll();
        d.f.respond(d.invite, code);
        d.f.advance(64s);
        std::vector<std::string> methods;
        for (const auto &message : d.f.takeAll())
            methods.push_back(std::get<Request>(message).method);
        QCOMPARE(methods, std::vector<std::string>{"ACK"}); // no INVITE, no CANCEL
        QCOMPARE(d.last().state, State::Terminated);
        QCOMPARE(d.last().endReason, EndReason::Cancelled);
        QCOMPARE(d.last().statusCode, code);
    }

    void hangupTwiceSendsOneCancel()
    {
        Dial d;
        d.f.respond(d.invite, 180);
        d.inviter->hangup();
        d.inviter->hangup();
        d.f.poll();
        d.hangup();
        QCOMPARE(d.f.takeRequests("CANCEL").size(), std::size_t(1));
    }

    void connectedThenLocalBye()
    {
        Dial d;
        d.f.respond(d.invite, 180);
        d.f.respond(d.invite, 200);
        QCOMPARE(d.last().state, State::Established);
        QCOMPARE(d.f.takeRequests("ACK").size(), std::size_t(1));
        d.hangup();
        QCOMPARE(d.last().state, State::Terminating);
        auto byes = d.f.takeRequests("BYE");
        QCOMPARE(byes.size(), std::size_t(1));
        d.f.respond(byes.front(), 200);
        QCOMPARE(d.last().state, State::Terminated);
        QCOMPARE(d.last().endReason, EndReason::LocalHangup);
    }

    void connectedThenRemoteBye()
    {
        Dial d;
        d.f.respond(d.invite, 200);
        d.f.takeAll();
        Request bye;
        bye.method = "BYE";
        bye.setRequestUri(*Uri::parse("sip:ringback@127.0.0.1:5062"));
        bye.addHeader("Via", "SIP/2.0/UDP 127.0.0.1:5080;branch=z9hG4bKremotebye");
        bye.addHeader("From", std::string(*d.invite.header("To")) + ";tag=peer-tag");
        bye.addHeader("To", *d.invite.header("From"));
        bye.addHeader("Call-ID", *d.invite.header("Call-ID"));
        bye.addHeader("CSeq", "1 BYE");
        QVERIFY(!d.f.transport.inject(bye.serialize(), {"127.0.0.1", 5080}));
        d.f.poll();
        QCOMPARE(d.last().state, State::Terminated);
        QCOMPARE(d.last().endReason, EndReason::RemoteHangup);
        auto sent = d.f.takeAll();
        QCOMPARE(sent.size(), std::size_t(1));
        QCOMPARE(std::get<Response>(sent.front()).statusCode, 200);
    }

    void finalOutcomes_data()
    {
        QTest::addColumn<int>("code");
        QTest::addColumn<EndReason>("reason");
        QTest::newRow("486 busy") << 486 << EndReason::Busy;
        QTest::newRow("600 busy everywhere") << 600 << EndReason::Busy;
        QTest::newRow("603 decline") << 603 << EndReason::Rejected;
        QTest::newRow("404 not found") << 404 << EndReason::Rejected;
        QTest::newRow("302 moved") << 302 << EndReason::Redirected;
    }
    void finalOutcomes()
    {
        QFETCH(int, code);
        QFETCH(EndReason, reason);
        Dial d;
        d.f.respond(d.invite, code);
        QCOMPARE(d.last().state, State::Terminated);
        QCOMPARE(d.last().endReason, reason);
        QCOMPARE(d.last().statusCode, code);
    }

    void noAnswerAtAllFailsWithTimeout()
    {
        Dial d;
        d.f.advance(32s);
        QCOMPARE(d.last().state, State::Terminated);
        QCOMPARE(d.last().endReason, EndReason::Failed);
        QCOMPARE(d.last().statusCode, 408);
    }

    void unreachableServerEndsTheCallAtOnce()
    {
        Dial d;
        d.f.transport.reportUnreachable({"127.0.0.1", 5080}, TransportError::ConnectionRefused);
        d.f.poll();
        QCOMPARE(d.last().state, State::Terminated);
        QCOMPARE(d.last().endReason, EndReason::Failed);
        QCOMPARE(d.last().statusCode, 503);
        QCOMPARE(d.last().reasonPhrase,
                 std::string("Server unreachable: connection refused by 127.0.0.1:5080"));
        QCOMPARE(d.f.core.userAgentClientCount(), std::size_t(0));
        d.f.advance(64s); // no retransmission, no Timer B afterwards
        QCOMPARE(d.f.takeRequests("INVITE").size(), std::size_t(0));
    }

    void unreachableReasonNamesOtherCauses()
    {
        Dial d;
        d.f.transport.reportUnreachable({"127.0.0.1", 5080}, TransportError::Unreachable);
        d.f.poll();
        QCOMPARE(d.last().reasonPhrase,
                 std::string("Server unreachable: destination unreachable for 127.0.0.1:5080"));
    }

    void lostConnectionWhileRingingEndsTheCallAtOnce_data()
    {
        QTest::addColumn<TransportError>("error");
        QTest::addColumn<QString>("phrase");
        QTest::newRow("reset") << TransportError::ConnectionReset
                               << QStringLiteral(
                                          "Connection lost: connection reset by 127.0.0.1:5080");
        QTest::newRow("closed") << TransportError::ConnectionClosedByPeer
                                << QStringLiteral(
                                           "Connection lost: connection closed by 127.0.0.1:5080");
    }
    void lostConnectionWhileRingingEndsTheCallAtOnce()
    {
        QFETCH(TransportError, error);
        QFETCH(QString, phrase);
        Dial d;
        d.f.respond(d.invite, 180);
        QVERIFY(d.last().ringing);
        d.f.transport.reportUnreachable({"127.0.0.1", 5080}, error);
        d.f.poll();
        QCOMPARE(d.last().state, State::Terminated);
        QCOMPARE(d.last().endReason, EndReason::Failed);
        QCOMPARE(d.last().statusCode, 503);
        QCOMPARE(QString::fromStdString(d.last().reasonPhrase), phrase);
        QCOMPARE(d.f.core.userAgentClientCount(), std::size_t(0));
    }

    void unreachableElsewhereOrAfterAResponseChangesNothing()
    {
        Dial d;
        d.f.transport.reportUnreachable({"127.0.0.1", 5999}, TransportError::ConnectionRefused);
        d.f.poll();
        QCOMPARE(d.last().state, State::Establishing);
        d.f.respond(d.invite, 180);
        d.f.transport.reportUnreachable({"127.0.0.1", 5080}, TransportError::ConnectionRefused);
        d.f.poll();
        QCOMPARE(d.last().state, State::Establishing);
        QVERIFY(d.last().ringing);
    }
};

QTEST_GUILESS_MAIN(tst_Inviter)
#include "tst_inviter.moc"
