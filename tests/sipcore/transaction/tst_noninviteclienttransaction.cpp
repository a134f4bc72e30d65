// Covers NonInviteClientTransaction (RFC 3261 §17.1.2) on virtual time: Timer E doubling up
// to T2 in Trying and firing every T2 in Proceeding, Timer F timeout, final responses passed
// up once and their retransmissions absorbed, Timer K (T4 unreliable, 0 reliable), and no
// retransmissions over reliable transports.
#include "support/recordinguser.h"
#include "support/sipfixture.h"

#include "sipcore/transaction/noninviteclienttransaction.h"
#include "sipcore/util/random.h"

using namespace sipcore;
using namespace sipcore::test;
using namespace std::chrono_literals;

namespace {

struct Setup
{
    explicit Setup(TimerSettings settings = {}, bool reliable = false)
        : f(settings, reliable)
    {
        auto uri = Uri::parse("sip:bob@127.0.0.1:5080");
        Request options
                = f.core.makeOutgoingRequestMessage("OPTIONS", *uri, NameAddr{{}, *uri, {}});
        Via via;
        via.host = "127.0.0.1";
        via.port = 5062;
        via.parameters.set("branch", random::newBranch());
        options.prependHeader("Via", via.toString());
        transaction = std::make_shared<NonInviteClientTransaction>(
                options, Endpoint{"127.0.0.1", 5080}, f.core.transactionContext(), &user);
        transaction->start();
        f.poll();
    }
    int sentCount() { return static_cast<int>(f.takeAll().size()); }
    void deliver(int code)
    {
        transaction->receiveResponse(CoreFixture::answer(transaction->request(), code));
        f.poll();
    }
    /// Times (from start) at which the request was sent during the next \a span.
    std::vector<Duration> sendTimes(Duration span, Duration step = 50ms)
    {
        std::vector<Duration> times;
        for (Duration t{0}; t < span; t += step) {
            f.advance(step);
            for (int i = sentCount(); i > 0; --i)
                times.push_back(t + step);
        }
        return times;
    }

    CoreFixture f;
    RecordingUser user;
    std::shared_ptr<NonInviteClientTransaction> transaction;
};

} // namespace

class tst_NonInviteClientTransaction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void timerEDoublesUpToT2ThenTimerF()
    {
        Setup s;
        QCOMPARE(s.transaction->state(), TransactionState::Trying);
        QCOMPARE(s.sentCount(), 1);
        // 0.5, 1.5, 3.5, 7.5, then every T2 = 4 s: 11.5, 15.5, …, 31.5.
        const auto times = s.sendTimes(32000ms);
        const std::vector<Duration> expected{500ms,   1500ms,  3500ms,  7500ms,  11500ms,
                                             15500ms, 19500ms, 23500ms, 27500ms, 31500ms};
        QCOMPARE(times, expected);
        QCOMPARE(s.user.timeouts, 1); // Timer F at 64·T1 = 32 s
        QCOMPARE(s.transaction->state(), TransactionState::Terminated);
    }

    void proceedingRetransmitsEveryT2()
    {
        Setup s;
        s.sentCount();
        s.deliver(100);
        QCOMPARE(s.transaction->state(), TransactionState::Proceeding);
        QCOMPARE(s.user.responses, std::vector<int>{100});
        s.f.advance(500ms); // Timer E was armed in Trying with T1
        QCOMPARE(s.sentCount(), 1);
        s.f.advance(3999ms);
        QCOMPARE(s.sentCount(), 0);
        s.f.advance(1ms);
        QCOMPARE(s.sentCount(), 1);
    }

    void finalResponseCompletesThenTimerK()
    {
        Setup s;
        s.sentCount();
        s.deliver(200);
        QCOMPARE(s.transaction->state(), TransactionState::Completed);
        s.deliver(200); // retransmission: absorbed
        QCOMPARE(s.user.responses, std::vector<int>{200});
        s.f.advance(4999ms);
        QCOMPARE(s.sentCount(), 0);
        QCOMPARE(s.transaction->state(), TransactionState::Completed);
        s.f.advance(1ms); // Timer K = T4
        QCOMPARE(s.transaction->state(), TransactionState::Terminated);
        QCOMPARE(s.user.timeouts, 0);
    }

    void reliableTransportHasNoTimerEAndZeroTimerK()
    {
        Setup s({}, true);
        QCOMPARE(s.sentCount(), 1);
        s.f.advance(10s);
        QCOMPARE(s.sentCount(), 0);
        s.deliver(404);
        s.f.advance(0ms);
        QCOMPARE(s.transaction->state(), TransactionState::Terminated);
    }

    void t2IsConfigurable()
    {
        Setup s(TimerSettings{.t1 = 500ms, .t2 = 1000ms});
        s.sentCount();
        const auto times = s.sendTimes(4000ms);
        QCOMPARE(times, (std::vector<Duration>{500ms, 1500ms, 2500ms, 3500ms}));
    }
};

QTEST_GUILESS_MAIN(tst_NonInviteClientTransaction)
#include "tst_noninviteclienttransaction.moc"
