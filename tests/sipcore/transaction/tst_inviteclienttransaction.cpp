// Covers InviteClientTransaction (RFC 3261 §17.1.1, RFC 6026) on virtual time: Timer A
// retransmissions and doubling, Timer B timeout, no retransmission over reliable transports,
// Calling → Proceeding on 1xx, Accepted on 2xx with 2xx retransmissions passed up and Timer M,
// Completed on 300-699 with the ACK (§17.1.1.3) and its re-send for retransmitted finals,
// Timer D for unreliable and reliable transports, transport errors, and T1 being configurable.
#include "support/recordinguser.h"
#include "support/sipfixture.h"

#include "sipcore/transaction/inviteclienttransaction.h"
#include "sipcore/transport/transporterror.h"
#include "sipcore/util/random.h"

using namespace sipcore;
using namespace sipcore::test;
using namespace std::chrono_literals;

namespace {

Request inviteWithVia(CoreFixture &f)
{
    Request invite = makeInvite(f);
    Via via;
    via.host = "127.0.0.1";
    via.port = 5062;
    via.parameters.set("branch", random::newBranch());
    invite.prependHeader("Via", via.toString());
    return invite;
}

struct Setup
{
    explicit Setup(TimerSettings settings = {}, bool reliable = false)
        : f(settings, reliable)
    {
        transaction = std::make_shared<InviteClientTransaction>(
                inviteWithVia(f), Endpoint{"127.0.0.1", 5080}, f.core.transactionContext(), &user);
        transaction->start();
        f.poll();
    }
    int sentCount() { return static_cast<int>(f.takeAll().size()); }
    /// The peer's response, handed to the transaction as the core's matching would.
    void deliver(int code, std::string_view toTag = "peer-tag")
    {
        transaction->receiveResponse(CoreFixture::answer(transaction->request(), code, toTag));
        f.poll();
    }

    CoreFixture f;
    RecordingUser user;
    std::shared_ptr<InviteClientTransaction> transaction;
};

} // namespace

class tst_InviteClientTransaction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void timerARetransmitsWithDoublingUntilTimerB()
    {
        Setup s;
        QCOMPARE(s.transaction->state(), TransactionState::Calling);
        QCOMPARE(s.sentCount(), 1);
        // Retransmissions at 0.5, 1.5, 3.5, 7.5, 15.5, 31.5 s (intervals T1, 2T1, 4T1, …).
        const std::vector<Duration> steps{500ms, 1000ms, 2000ms, 4000ms, 8000ms, 16000ms};
        for (Duration step : steps) {
            s.f.advance(step - 1ms);
            QCOMPARE(s.sentCount(), 0);
            s.f.advance(1ms);
            QCOMPARE(s.sentCount(), 1);
        }
        QCOMPARE(s.user.timeouts, 0);
        s.f.advance(500ms); // 32 s = 64·T1: Timer B
        QCOMPARE(s.user.timeouts, 1);
        QCOMPARE(s.transaction->state(), TransactionState::Terminated);
        s.f.advance(60s);
        QCOMPARE(s.sentCount(), 0);
        QCOMPARE(s.user.timeouts, 1);
    }

    void reliableTransportDoesNotRetransmit()
    {
        Setup s({}, true);
        QCOMPARE(s.sentCount(), 1);
        s.f.advance(31s);
        QCOMPARE(s.sentCount(), 0);
        s.f.advance(1s);
        QCOMPARE(s.user.timeouts, 1);
    }

    void t1IsConfigurable()
    {
        Setup s(TimerSettings{.t1 = 100ms});
        s.sentCount();
        s.f.advance(100ms);
        QCOMPARE(s.sentCount(), 1);
        s.f.advance(6299ms);
        QCOMPARE(s.user.timeouts, 0);
        s.f.advance(1ms); // 64·T1 = 6.4 s
        QCOMPARE(s.user.timeouts, 1);
    }

    void provisionalStopsRetransmissionsAndTimerB()
    {
        Setup s;
        s.sentCount();
        s.deliver(180);
        QCOMPARE(s.transaction->state(), TransactionState::Proceeding);
        QCOMPARE(s.user.responses, std::vector<int>{180});
        s.deliver(183);
        QCOMPARE(s.user.responses, (std::vector<int>{180, 183}));
        s.f.advance(120s);
        QCOMPARE(s.sentCount(), 0);
        QCOMPARE(s.user.timeouts, 0);
        QCOMPARE(s.transaction->state(), TransactionState::Proceeding);
    }

    void finalFailureIsAckedAndAbsorbed_data()
    {
        QTest::addColumn<bool>("afterProvisional");
        QTest::addColumn<int>("code");
        QTest::newRow("486 in Calling") << false << 486;
        QTest::newRow("487 in Proceeding") << true << 487;
        QTest::newRow("302 in Proceeding") << true << 302;
        QTest::newRow("603 in Calling") << false << 603;
    }
    void finalFailureIsAckedAndAbsorbed()
    {
        QFETCH(bool, afterProvisional);
        QFETCH(int, code);
        Setup s;
        s.sentCount();
        const Request &invite = s.transaction->request();
        if (afterProvisional)
            s.deliver(180);
        s.deliver(code);
        QCOMPARE(s.transaction->state(), TransactionState::Completed);
        QCOMPARE(s.user.responses.back(), code);

        auto acks = s.f.takeRequests("ACK");
        QCOMPARE(acks.size(), std::size_t(1));
        const Request &ack = acks.front();
        QCOMPARE(ack.requestUri(), invite.requestUri());
        QCOMPARE(ack.topVia()->branch(), invite.topVia()->branch());
        QCOMPARE(ack.cseq()->sequence, invite.cseq()->sequence);
        QCOMPARE(ack.cseq()->method, std::string("ACK"));
        QCOMPARE(*ack.callId(), *invite.callId());
        QCOMPARE(ack.to()->tag(), std::optional<std::string_view>("peer-tag"));
        QCOMPARE(ack.from()->tag(), invite.from()->tag());

        // A retransmitted final response is answered with the same ACK, not passed up.
        const auto passedUp = s.user.responses.size();
        s.deliver(code);
        QCOMPARE(s.f.takeRequests("ACK").size(), std::size_t(1));
        QCOMPARE(s.user.responses.size(), passedUp);

        // Timer D: 32 s over UDP.
        s.f.advance(31999ms);
        QCOMPARE(s.transaction->state(), TransactionState::Completed);
        s.f.advance(1ms);
        QCOMPARE(s.transaction->state(), TransactionState::Terminated);
    }

    void timerDIsZeroOverReliableTransports()
    {
        Setup s({}, true);
        s.deliver(404);
        QCOMPARE(s.transaction->state(), TransactionState::Completed);
        s.f.advance(0ms);
        QCOMPARE(s.transaction->state(), TransactionState::Terminated);
    }

    void successGoesToAcceptedAndPassesRetransmissionsUp()
    {
        Setup s;
        s.sentCount();
        s.deliver(200);
        QCOMPARE(s.transaction->state(), TransactionState::Accepted);
        s.deliver(200);
        s.deliver(200, "fork-tag");
        QCOMPARE(s.user.responses, (std::vector<int>{200, 200, 200}));
        // The transaction sends no ACK for a 2xx: that is the TU's job.
        QCOMPARE(s.f.takeRequests("ACK").size(), std::size_t(0));
        // A late failure is ignored in Accepted.
        s.deliver(500);
        QCOMPARE(s.user.responses.size(), std::size_t(3));
        // Timer M = 64·T1.
        s.f.advance(31999ms);
        QCOMPARE(s.transaction->state(), TransactionState::Accepted);
        s.f.advance(1ms);
        QCOMPARE(s.transaction->state(), TransactionState::Terminated);
    }

    void transportErrorTerminatesAndInformsUser()
    {
        CoreFixture f;
        RecordingUser user;
        f.transport.failNextSends(1, TransportError::ConnectionRefused);
        auto transaction = std::make_shared<InviteClientTransaction>(
                inviteWithVia(f), Endpoint{"127.0.0.1", 5080}, f.core.transactionContext(), &user);
        transaction->start();
        f.poll();
        QCOMPARE(transaction->state(), TransactionState::Terminated);
        QCOMPARE(user.transportErrors.size(), std::size_t(1));
        QCOMPARE(user.transportErrors.front(), std::error_code(TransportError::ConnectionRefused));
        f.advance(64s);
        QCOMPARE(user.timeouts, 0);
    }

    void disposeStopsEverything()
    {
        Setup s;
        s.sentCount();
        s.transaction->dispose();
        s.f.advance(64s);
        QCOMPARE(s.sentCount(), 0);
        QCOMPARE(s.user.timeouts, 0);
        QCOMPARE(s.f.timers.pendingCount(), std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(tst_InviteClientTransaction)
#include "tst_inviteclienttransaction.moc"
