// Covers InviteServerTransaction (RFC 3261 §17.2.1 with RFC 6026 §7.1, §8.7) on virtual time:
// where responses go (§18.2.2: the Via over UDP, the request's source over a stream);
// the 100 Trying sent by the transaction when the TU is silent for 200 ms (with Timestamp), and
// not when it answers in time; Proceeding re-sending the last provisional for a retransmitted
// INVITE; 2xx → Accepted (INVITE retransmissions absorbed, the TU's 2xx retransmissions sent,
// a matching ACK passed up, Timer L); 300-699 → Completed with Timer G doubling up to T2, the
// final re-sent for a retransmitted INVITE, Timer H telling the TU no ACK came; ACK →
// Confirmed (ACKs absorbed, Timer I); reliable transports (no Timer G, Timer I zero); responses
// refused after the final one and after the end; transport errors; configurable T1, T2, T4 and
// Trying delay; dispose.
#include "support/recordingserveruser.h"
#include "support/sipfixture.h"

#include "sipcore/transaction/inviteservertransaction.h"
#include "sipcore/transaction/transactionerror.h"
#include "sipcore/transport/transporterror.h"

using namespace sipcore;
using namespace sipcore::test;
using namespace std::chrono_literals;

namespace {

/// Where the tests' INVITE comes from: the port of a connection, not the Via's 5080.
const Endpoint Source{"127.0.0.1", 40001};

struct Setup
{
    explicit Setup(TimerSettings settings = {}, bool reliable = false, std::string_view extra = {})
        : f(settings, reliable)
    {
        transaction = std::make_shared<InviteServerTransaction>(
                peerRequest("INVITE", "z9hG4bK-peer-1", {}, extra), Source,
                f.core.transactionContext(), &user);
        transaction->start();
        f.poll();
    }
    /// The status codes of everything sent since the last call.
    std::vector<int> sent()
    {
        std::vector<int> codes;
        for (auto &message : f.takeAll())
            codes.push_back(std::get<Response>(message).statusCode);
        return codes;
    }
    std::error_code respond(int code, std::string_view toTag = "uas-tag")
    {
        auto ec = transaction->respond(
                makeResponse(transaction->request(), code, code > 100 ? toTag : ""));
        f.poll();
        return ec;
    }
    void receive(const Request &request)
    {
        transaction->receiveRequest(request);
        f.poll();
    }

    CoreFixture f;
    RecordingServerUser user;
    std::shared_ptr<InviteServerTransaction> transaction;
};

} // namespace

class tst_InviteServerTransaction : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void sendsTryingWhenTheUserIsSilentFor200ms()
    {
        Setup s({}, false, "Timestamp: 54.21 0.3\r\n");
        QCOMPARE(s.transaction->state(), TransactionState::Proceeding);
        s.f.advance(199ms);
        QCOMPARE(s.sent(), std::vector<int>{});
        s.f.advance(1ms);
        const auto sent = s.f.transport.sent();
        QCOMPARE(s.sent(), std::vector<int>{100});
        QCOMPARE(sent.front().destination, (Endpoint{"127.0.0.1", 5080}));
        const auto trying = std::get<Response>(parseSent(sent.front().bytes));
        QCOMPARE(trying.header("Timestamp"), std::optional<std::string_view>("54.21 0.3"));
        QVERIFY(!trying.to()->tag()); // §8.2.6.1: no To tag on the 100
        QCOMPARE(s.transaction->state(), TransactionState::Proceeding);
    }

    void responsesGoToTheViaOrTheConnection_data()
    {
        QTest::addColumn<bool>("reliable");
        QTest::addColumn<int>("port");
        QTest::newRow("unreliable: the Via (§18.2.2)") << false << 5080;
        QTest::newRow("reliable: back where the request came from") << true << 40001;
    }
    void responsesGoToTheViaOrTheConnection()
    {
        QFETCH(bool, reliable);
        QFETCH(int, port);
        Setup s({}, reliable);
        s.respond(180);
        const Endpoint expected{"127.0.0.1", static_cast<std::uint16_t>(port)};
        QCOMPARE(s.transaction->responseDestination(), expected);
        QCOMPARE(s.f.transport.sent().back().destination, expected);
    }

    void noTryingWhenTheUserAnswersInTime()
    {
        Setup s;
        s.f.advance(150ms);
        QCOMPARE(s.respond(180), std::error_code());
        s.f.advance(10s);
        QCOMPARE(s.sent(), std::vector<int>{180});
    }

    void tryingDelayIsConfigurable()
    {
        Setup s(TimerSettings{.trying = 50ms});
        s.f.advance(49ms);
        QCOMPARE(s.sent(), std::vector<int>{});
        s.f.advance(1ms);
        QCOMPARE(s.sent(), std::vector<int>{100});
    }

    void retransmittedInviteGetsTheLastProvisional()
    {
        Setup s;
        s.receive(s.transaction->request()); // nothing sent yet: absorbed
        QCOMPARE(s.sent(), std::vector<int>{});
        s.respond(180);
        s.respond(183);
        QCOMPARE(s.sent(), (std::vector<int>{180, 183}));
        s.receive(s.transaction->request());
        QCOMPARE(s.sent(), std::vector<int>{183});
        QCOMPARE(s.transaction->state(), TransactionState::Proceeding);
        // Proceeding has no timer: it lasts as long as the TU takes.
        s.f.advance(10min);
        QCOMPARE(s.transaction->state(), TransactionState::Proceeding);
        QCOMPARE(s.sent(), std::vector<int>{}); // and no 100 after a 180
    }

    void successGoesToAcceptedUntilTimerL()
    {
        Setup s;
        s.respond(180);
        QCOMPARE(s.respond(200), std::error_code());
        QCOMPARE(s.transaction->state(), TransactionState::Accepted);
        QCOMPARE(s.sent(), (std::vector<int>{180, 200}));
        // A retransmitted INVITE is absorbed (RFC 6026 §8.7): the TU re-sends its 2xx itself.
        s.receive(s.transaction->request());
        QCOMPARE(s.sent(), std::vector<int>{});
        QCOMPARE(s.respond(200), std::error_code());
        QCOMPARE(s.sent(), std::vector<int>{200});
        QCOMPARE(s.respond(486), std::error_code(TransactionError::AlreadyFinal));
        QCOMPARE(s.respond(180), std::error_code(TransactionError::AlreadyFinal));
        QCOMPARE(s.sent(), std::vector<int>{});
        // No Timer G for a 2xx.
        s.f.advance(31999ms);
        QCOMPARE(s.sent(), std::vector<int>{});
        QCOMPARE(s.transaction->state(), TransactionState::Accepted);
        s.f.advance(1ms); // Timer L = 64·T1
        QCOMPARE(s.transaction->state(), TransactionState::Terminated);
        QCOMPARE(s.user.states, (std::vector<TransactionState>{TransactionState::Accepted,
                                                               TransactionState::Terminated}));
        QCOMPARE(s.respond(200), std::error_code(TransactionError::Terminated));
    }

    void ackInAcceptedIsPassedUp()
    {
        Setup s;
        s.respond(200);
        s.receive(peerRequest("ACK", "z9hG4bK-peer-1", "uas-tag"));
        QCOMPARE(s.user.acks, 1);
        QCOMPARE(s.transaction->state(), TransactionState::Accepted);
    }

    void failureRetransmitsWithTimerGUntilTimerH()
    {
        Setup s;
        QCOMPARE(s.respond(486), std::error_code());
        QCOMPARE(s.transaction->state(), TransactionState::Completed);
        QCOMPARE(s.sent(), std::vector<int>{486});
        // Timer G: T1, 2·T1, 4·T1, then T2 (4 s) from there on.
        const std::vector<Duration> steps{500ms, 1s, 2s, 4s, 4s, 4s, 4s, 4s, 4s, 4s};
        for (Duration step : steps) {
            s.f.advance(step - 1ms);
            QCOMPARE(s.sent(), std::vector<int>{});
            s.f.advance(1ms);
            QCOMPARE(s.sent(), std::vector<int>{486});
        }
        // 31.5 s so far; Timer H fires at 64·T1 = 32 s.
        QCOMPARE(s.user.ackTimeouts, 0);
        s.f.advance(499ms);
        QCOMPARE(s.user.ackTimeouts, 0);
        s.f.advance(1ms);
        QCOMPARE(s.user.ackTimeouts, 1);
        QCOMPARE(s.transaction->state(), TransactionState::Terminated);
        s.f.advance(1min);
        QCOMPARE(s.sent(), std::vector<int>{});
    }

    void retransmittedInviteInCompletedGetsTheFinalAgain()
    {
        Setup s;
        s.respond(180);
        s.respond(404);
        QCOMPARE(s.sent(), (std::vector<int>{180, 404}));
        s.receive(s.transaction->request());
        QCOMPARE(s.sent(), std::vector<int>{404});
        QCOMPARE(s.respond(500), std::error_code(TransactionError::AlreadyFinal));
        QCOMPARE(s.sent(), std::vector<int>{});
    }

    void ackConfirmsAndTimerIEnds()
    {
        Setup s;
        s.respond(603);
        s.sent();
        s.f.advance(500ms);
        QCOMPARE(s.sent(), std::vector<int>{603});
        s.receive(peerRequest("ACK", "z9hG4bK-peer-1", "uas-tag"));
        QCOMPARE(s.transaction->state(), TransactionState::Confirmed);
        QCOMPARE(s.user.acks, 0); // the ACK of a non-2xx stays in the transaction
        // Timers G and H are off; ACK retransmissions are absorbed; Timer I = T4 = 5 s.
        s.receive(peerRequest("ACK", "z9hG4bK-peer-1", "uas-tag"));
        s.receive(s.transaction->request());
        s.f.advance(4999ms);
        QCOMPARE(s.sent(), std::vector<int>{});
        QCOMPARE(s.transaction->state(), TransactionState::Confirmed);
        s.f.advance(1ms);
        QCOMPARE(s.transaction->state(), TransactionState::Terminated);
        QCOMPARE(s.user.ackTimeouts, 0);
        QCOMPARE(s.user.states, (std::vector<TransactionState>{TransactionState::Completed,
                                                               TransactionState::Confirmed,
                                                               TransactionState::Terminated}));
    }

    void timersFollowT1T2T4()
    {
        Setup s(TimerSettings{.t1 = 100ms, .t2 = 300ms, .t4 = 1s});
        s.respond(480);
        s.sent();
        // G: 100, 200, then T2 = 300 ms.
        for (Duration step : {100ms, 200ms, 300ms, 300ms}) {
            s.f.advance(step);
            QCOMPARE(s.sent(), std::vector<int>{480});
        }
        s.receive(peerRequest("ACK", "z9hG4bK-peer-1", "uas-tag"));
        s.f.advance(999ms);
        QCOMPARE(s.transaction->state(), TransactionState::Confirmed);
        s.f.advance(1ms); // Timer I = T4
        QCOMPARE(s.transaction->state(), TransactionState::Terminated);
    }

    void timerHFollowsT1()
    {
        Setup s(TimerSettings{.t1 = 100ms});
        s.respond(480);
        s.f.advance(6399ms);
        QCOMPARE(s.user.ackTimeouts, 0);
        s.f.advance(1ms); // 64·T1
        QCOMPARE(s.user.ackTimeouts, 1);
    }

    void reliableTransportHasNoTimerGAndNoTimerI()
    {
        Setup s({}, true);
        s.respond(486);
        QCOMPARE(s.sent(), std::vector<int>{486});
        s.f.advance(31999ms);
        QCOMPARE(s.sent(), std::vector<int>{}); // no Timer G
        s.receive(peerRequest("ACK", "z9hG4bK-peer-1", "uas-tag"));
        QCOMPARE(s.transaction->state(), TransactionState::Confirmed);
        s.f.advance(0ms); // Timer I = 0
        QCOMPARE(s.transaction->state(), TransactionState::Terminated);
    }

    void reliableTransportStillWaitsForTheAck()
    {
        Setup s({}, true);
        s.respond(486);
        s.f.advance(31999ms);
        QCOMPARE(s.user.ackTimeouts, 0);
        s.f.advance(1ms); // Timer H applies to every transport
        QCOMPARE(s.user.ackTimeouts, 1);
    }

    void transportErrorTerminatesAndTellsTheUser_data()
    {
        QTest::addColumn<int>("code");
        QTest::newRow("provisional in Proceeding") << 180;
        QTest::newRow("2xx") << 200;
        QTest::newRow("failure") << 486;
    }
    void transportErrorTerminatesAndTellsTheUser()
    {
        QFETCH(int, code);
        Setup s;
        s.f.transport.failNextSends(1, TransportError::ConnectionRefused);
        s.respond(code);
        QCOMPARE(s.user.transportErrors,
                 std::vector<std::error_code>{TransportError::ConnectionRefused});
        QCOMPARE(s.transaction->state(), TransactionState::Terminated);
        QCOMPARE(s.user.states.back(), TransactionState::Terminated);
        s.f.advance(1min);
        QCOMPARE(s.sent(), std::vector<int>{});
        QCOMPARE(s.f.timers.pendingCount(), std::size_t(0));
    }

    void transportErrorOnTimerGRetransmission()
    {
        Setup s;
        s.respond(500);
        s.f.transport.failNextSends(1, TransportError::SendFailed);
        s.f.advance(500ms);
        QCOMPARE(s.user.transportErrors.size(), std::size_t(1));
        QCOMPARE(s.transaction->state(), TransactionState::Terminated);
        QCOMPARE(s.user.ackTimeouts, 0);
    }

    void disposeStopsEverything()
    {
        Setup s;
        s.respond(486);
        s.sent();
        s.transaction->dispose();
        s.f.advance(1min);
        QCOMPARE(s.sent(), std::vector<int>{});
        QCOMPARE(s.user.ackTimeouts, 0);
        QCOMPARE(s.f.timers.pendingCount(), std::size_t(0));
        QCOMPARE(s.respond(486), std::error_code(TransactionError::Terminated));
    }
};

QTEST_GUILESS_MAIN(tst_InviteServerTransaction)
#include "tst_inviteservertransaction.moc"
