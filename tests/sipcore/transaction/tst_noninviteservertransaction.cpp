// Covers NonInviteServerTransaction (RFC 3261 §17.2.2) on virtual time: Trying absorbing
// retransmissions; 1xx → Proceeding re-sending the last provisional; 200-699 → Completed
// re-sending the final for each retransmission and discarding later finals; Timer J (64·T1
// unreliable, zero reliable); no retransmission by the transaction itself; transport errors;
// dispose.
#include "support/recordingserveruser.h"
#include "support/sipfixture.h"

#include "sipcore/transaction/noninviteservertransaction.h"
#include "sipcore/transaction/transactionerror.h"
#include "sipcore/transport/transporterror.h"

using namespace sipcore;
using namespace sipcore::test;
using namespace std::chrono_literals;

namespace {

struct Setup
{
    explicit Setup(TimerSettings settings = {}, bool reliable = false)
        : f(settings, reliable)
    {
        transaction = std::make_shared<NonInviteServerTransaction>(
                peerRequest("OPTIONS"), Endpoint{"127.0.0.1", 5080}, f.core.transactionContext(),
                &user);
        transaction->start();
        f.poll();
    }
    std::vector<int> sent()
    {
        std::vector<int> codes;
        for (auto &message : f.takeAll())
            codes.push_back(std::get<Response>(message).statusCode);
        return codes;
    }
    std::error_code respond(int code)
    {
        auto ec = transaction->respond(
                makeResponse(transaction->request(), code, code > 100 ? "uas-tag" : ""));
        f.poll();
        return ec;
    }
    void retransmit()
    {
        transaction->receiveRequest(transaction->request());
        f.poll();
    }

    CoreFixture f;
    RecordingServerUser user;
    std::shared_ptr<NonInviteServerTransaction> transaction;
};

} // namespace

class tst_NonInviteServerTransaction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tryingAbsorbsRetransmissions()
    {
        Setup s;
        QCOMPARE(s.transaction->state(), TransactionState::Trying);
        s.retransmit();
        s.f.advance(10s); // no Trying timer for non-INVITE
        QCOMPARE(s.sent(), std::vector<int>{});
        QCOMPARE(s.transaction->state(), TransactionState::Trying);
    }

    void proceedingResendsTheLastProvisional()
    {
        Setup s;
        s.respond(100);
        QCOMPARE(s.transaction->state(), TransactionState::Proceeding);
        s.respond(183);
        QCOMPARE(s.sent(), (std::vector<int>{100, 183}));
        s.retransmit();
        QCOMPARE(s.sent(), std::vector<int>{183});
    }

    void finalGoesToCompletedUntilTimerJ_data()
    {
        QTest::addColumn<bool>("afterProvisional");
        QTest::addColumn<int>("code");
        QTest::newRow("200 from Trying") << false << 200;
        QTest::newRow("404 from Proceeding") << true << 404;
        QTest::newRow("302 from Trying") << false << 302;
    }
    void finalGoesToCompletedUntilTimerJ()
    {
        QFETCH(bool, afterProvisional);
        QFETCH(int, code);
        Setup s;
        if (afterProvisional)
            s.respond(100);
        s.sent();
        QCOMPARE(s.respond(code), std::error_code());
        QCOMPARE(s.transaction->state(), TransactionState::Completed);
        QCOMPARE(s.sent(), std::vector<int>{code});
        s.retransmit();
        s.retransmit();
        QCOMPARE(s.sent(), (std::vector<int>{code, code}));
        QCOMPARE(s.respond(500), std::error_code(TransactionError::AlreadyFinal));
        QCOMPARE(s.respond(180), std::error_code(TransactionError::AlreadyFinal));
        s.f.advance(31999ms); // the transaction itself never retransmits
        QCOMPARE(s.sent(), std::vector<int>{});
        QCOMPARE(s.transaction->state(), TransactionState::Completed);
        s.f.advance(1ms); // Timer J = 64·T1
        QCOMPARE(s.transaction->state(), TransactionState::Terminated);
        QCOMPARE(s.user.states.back(), TransactionState::Terminated);
        QCOMPARE(s.respond(200), std::error_code(TransactionError::Terminated));
    }

    void timerJFollowsT1()
    {
        Setup s(TimerSettings{.t1 = 50ms});
        s.respond(200);
        s.f.advance(3199ms);
        QCOMPARE(s.transaction->state(), TransactionState::Completed);
        s.f.advance(1ms);
        QCOMPARE(s.transaction->state(), TransactionState::Terminated);
    }

    void timerJIsZeroOverReliableTransports()
    {
        Setup s({}, true);
        s.respond(200);
        QCOMPARE(s.transaction->state(), TransactionState::Completed);
        s.f.advance(0ms);
        QCOMPARE(s.transaction->state(), TransactionState::Terminated);
    }

    void transportErrorTerminatesAndTellsTheUser()
    {
        Setup s;
        s.f.transport.failNextSends(1, TransportError::ConnectionRefused);
        s.respond(200);
        QCOMPARE(s.user.transportErrors,
                 std::vector<std::error_code>{TransportError::ConnectionRefused});
        QCOMPARE(s.transaction->state(), TransactionState::Terminated);
        QCOMPARE(s.f.timers.pendingCount(), std::size_t(0));
    }

    void disposeStopsEverything()
    {
        Setup s;
        s.respond(200);
        s.transaction->dispose();
        s.retransmit();
        QCOMPARE(s.sent(), std::vector<int>{200});
        QCOMPARE(s.f.timers.pendingCount(), std::size_t(0));
        QCOMPARE(s.transaction->state(), TransactionState::Terminated);
    }
};

QTEST_GUILESS_MAIN(tst_NonInviteServerTransaction)
#include "tst_noninviteservertransaction.moc"
