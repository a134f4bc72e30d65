// Covers calls over a lossy network (issue 4, item 5): `ringback --headless` calls a SIPp
// callee over UDP 50 times in a row while datagrams are lost (20 % each way), reordered and
// duplicated, and every call must succeed:
//  - set-ups: answered (connected), then hung up (BYE, 200), scenarios/lossy_answering_callee;
//  - cancels: hung up while ringing (CANCEL, 200, 487, ACK), scenarios/lossy_ringing_callee.
// Two impairments, a test function each (ctest: tst_lossynetwork, tst_lossynetwork_netem):
//  - throughARelay: LossyUdpRelay on 127.0.0.1 between the two, in user space, so it runs
//    everywhere; its choices come from a seed the test logs (RINGBACK_LOSSY_SEED=N replays
//    them);
//  - throughNetem: tc netem on the loopback of a network namespace the test makes, with SIPp
//    and Ringback inside; skipped, naming the command and its error, where a namespace or
//    netem cannot be made (netem needs the kernel's sch_netem; root for the namespace).
// Ringback runs with T1 = 50 ms, so that a lost datagram costs 50 ms, not 500.
// A row passes when Ringback reports every call connected and then ended by the hang-up
// (set-ups), or ringing and then cancelled with 487 (cancels); SIPp's scenario passes for
// every call (exit code 0, 50 successful calls and no failed one in its statistics, no
// message outside a call); Ringback reports no error; and the impairment did act: datagrams
// were dropped each way (and, through the relay, duplicated and reordered), so a row that
// bypassed it fails.
#include "interop/support/headlessringback.h"
#include "interop/support/lossyudprelay.h"
#include "interop/support/networknamespace.h"
#include "interop/support/sippprocess.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTest>

#include <memory>

using namespace std::chrono_literals;

namespace {

enum class Impairment { Relay, Netem };
enum class Hangup { AfterAnswer, WhileRinging };

constexpr int Calls = 50;
const QString T1Milliseconds = QStringLiteral("50");

/// Matches call events of call \a id in one of \a states.
HeadlessRingback::Predicate callEvent(int id, const QStringList &states)
{
    return [id, states](const QJsonObject &event) {
        return event.value(QLatin1String("event")).toString() == QLatin1String("call")
               && event.value(QLatin1String("id")).toInt() == id
               && states.contains(event.value(QLatin1String("state")).toString());
    };
}

quint64 relaySeed()
{
    bool given = false;
    const quint64 seed = qEnvironmentVariable("RINGBACK_LOSSY_SEED").toULongLong(&given);
    return given ? seed : QRandomGenerator::system()->generate64();
}

/// The packets netem dropped on the namespace's loopback ("dropped N" in `tc -s qdisc`), or
/// -1 and why in \a error.
qint64 netemDrops(const NetworkNamespace &network, QString *error)
{
    QString statistics;
    if (!network.run({QStringLiteral("tc"), QStringLiteral("-s"), QStringLiteral("qdisc"),
                      QStringLiteral("show"), QStringLiteral("dev"), QStringLiteral("lo")},
                     error, &statistics))
        return -1;
    static const QRegularExpression dropped(QStringLiteral("dropped ([0-9]+)"));
    const QRegularExpressionMatch match = dropped.match(statistics);
    if (!match.hasMatch()) {
        *error = QStringLiteral("no drop count in `tc -s qdisc show dev lo`:\n") + statistics;
        return -1;
    }
    return match.captured(1).toLongLong();
}

} // namespace

Q_DECLARE_METATYPE(Impairment)
Q_DECLARE_METATYPE(Hangup)

class tst_LossyNetwork : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString missing = SippProcess::missingMessage(); !missing.isEmpty())
            QFAIL(qPrintable(missing));
    }

    void throughARelay_data() { hangups(); }
    void throughARelay()
    {
        QFETCH(Hangup, hangup);
        everyCallSucceeds(Impairment::Relay, hangup);
    }

    void throughNetem_data() { hangups(); }
    void throughNetem()
    {
        QFETCH(Hangup, hangup);
        everyCallSucceeds(Impairment::Netem, hangup);
    }

private:
    static void hangups()
    {
        QTest::addColumn<Hangup>("hangup");
        QTest::newRow("50 set-ups") << Hangup::AfterAnswer;
        QTest::newRow("50 cancels") << Hangup::WhileRinging;
    }

    /// Plays the 50 calls of a row through \a impairment; fails, or skips where netem is
    /// not to be had.
    void everyCallSucceeds(Impairment impairment, Hangup hangup)
    {
        const bool answered = hangup == Hangup::AfterAnswer;
        QString error;

        // Declared first, so it goes last: after the processes inside it are killed.
        NetworkNamespace network;
        QStringList launcher;
        if (impairment == Impairment::Netem) {
            if (!network.create(&error))
                QSKIP(qPrintable(QStringLiteral("no network namespace: ") + error));
            // Loss each way (lo carries both), a 10 ms delay that a quarter of the packets
            // skip (reordering), duplicates.
            if (!network.run(
                        {QStringLiteral("tc"), QStringLiteral("qdisc"), QStringLiteral("add"),
                         QStringLiteral("dev"), QStringLiteral("lo"), QStringLiteral("root"),
                         QStringLiteral("netem"), QStringLiteral("loss"), QStringLiteral("20%"),
                         QStringLiteral("delay"), QStringLiteral("10ms"), QStringLiteral("reorder"),
                         QStringLiteral("25%"), QStringLiteral("duplicate"), QStringLiteral("5%")},
                        &error))
                QSKIP(qPrintable(QStringLiteral("no netem: ") + error));
            launcher = network.launcher();
        }

        // SIPp re-sends its 180, 200 and 487 after 50 ms, doubling up to T2 = 400 ms, up to 30
        // times (its default, 9 times, gives up after 2.75 s).
        SippProcess sipp({.scenario = SippProcess::scenarioPath(
                                  answered ? QStringLiteral("lossy_answering_callee.xml")
                                           : QStringLiteral("lossy_ringing_callee.xml")),
                          .extraArguments
                          = {QStringLiteral("-T2"), QStringLiteral("400"),
                             QStringLiteral("-max_retrans"), QStringLiteral("30"),
                             QStringLiteral("-max_invite_retrans"), QStringLiteral("30"),
                             QStringLiteral("-max_non_invite_retrans"), QStringLiteral("30")},
                          .globalTimeout = 100s,
                          .calls = Calls,
                          .launcher = launcher});
        QVERIFY2(sipp.start(&error), qPrintable(error));

        std::unique_ptr<LossyUdpRelay> relay;
        quint16 calledPort = sipp.port();
        if (impairment == Impairment::Relay) {
            relay = std::make_unique<LossyUdpRelay>(sipp.port(),
                                                    LossyUdpRelay::Impairment{.seed = relaySeed()});
            QVERIFY2(relay->listen(&error), qPrintable(error));
            calledPort = relay->port();
            qInfo("relay seed %llu (RINGBACK_LOSSY_SEED=%llu replays its choices)", relay->seed(),
                  relay->seed());
        }

        HeadlessRingback ringback({.program = QStringLiteral(RINGBACK_BINARY),
                                   .extraArguments = {QStringLiteral("--sip-t1"), T1Milliseconds},
                                   .launcher = launcher});
        const auto reportOnFailure = qScopeGuard([&] {
            if (QTest::currentTestFailed()) {
                qWarning().noquote() << '\n'
                                     << (relay ? relay->report() + u'\n' : QString())
                                     << sipp.report() << ringback.report();
            }
        });
        ringback.interruptWaitsWhenFails(sipp);
        QVERIFY2(ringback.start(&error), qPrintable(error));

        const QString uri = QStringLiteral("sip:service@127.0.0.1:%1").arg(calledPort);
        const QString reached = answered ? QStringLiteral("connected") : QStringLiteral("ringing");
        const QString terminated = QStringLiteral("terminated");
        int unansweredByes = 0;
        QElapsedTimer elapsed;
        elapsed.start();
        for (int n = 1; n <= Calls; ++n) {
            const QString which = QStringLiteral("call %1 of %2: ").arg(n).arg(Calls);
            ringback.send(QStringLiteral("call ") + uri);
            const auto calling
                    = ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("calling")));
            QVERIFY2(calling, qPrintable(which + QStringLiteral("Ringback did not place it")));
            const int id = calling->value(QLatin1String("id")).toInt();

            const auto progress = ringback.waitForEvent(callEvent(id, {reached, terminated}));
            QVERIFY2(progress, qPrintable(which + QStringLiteral("not %1").arg(reached)));
            QVERIFY2(progress->value(QLatin1String("state")).toString() == reached,
                     qPrintable(
                             which
                             + QStringLiteral("ended before it was %1: %2 %3")
                                       .arg(reached,
                                            progress->value(QLatin1String("reason")).toString(),
                                            progress->value(QLatin1String("phrase")).toString())));

            ringback.send(QStringLiteral("hangup %1").arg(id));
            const auto ended = ringback.waitForEvent(callEvent(id, {terminated}));
            QVERIFY2(ended, qPrintable(which + QStringLiteral("did not end after the hang-up")));
            const QString reason = ended->value(QLatin1String("reason")).toString();
            const int status = ended->value(QLatin1String("status")).toInt();
            if (answered) {
                // The BYE's outcome does not change how the call ended: by our hang-up. A BYE
                // that got no 200 in 64*T1 (7 tries at 20 % loss each way) ends it with 408.
                QVERIFY2(reason == QLatin1String("hangup"),
                         qPrintable(which + QStringLiteral("ended as \"%1\"").arg(reason)));
                if (status != 200)
                    ++unansweredByes;
            } else {
                QVERIFY2(reason == QLatin1String("cancelled") && status == 487,
                         qPrintable(which
                                    + QStringLiteral("ended as \"%1\" with %2, not cancelled "
                                                     "with 487")
                                              .arg(reason)
                                              .arg(status)));
            }
        }
        qInfo("%d calls in %lld ms; %d BYEs got no 200", Calls, elapsed.elapsed(), unansweredByes);

        QVERIFY2(sipp.waitForFinished(), "SIPp still runs");
        QVERIFY2(sipp.exitCode() == 0, "the SIPp scenario failed (its error file below says why)");
        QCOMPARE(sipp.statistic(QStringLiteral("SuccessfulCall(C)")).value_or(-1), qint64(Calls));
        QCOMPARE(sipp.statistic(QStringLiteral("FailedCall(C)")).value_or(-1), qint64(0));
        const QStringList discarded = sipp.discardedMessages();
        QVERIFY2(discarded.isEmpty(),
                 qPrintable(QStringLiteral("SIPp got messages outside the calls:\n")
                            + discarded.join(QLatin1String("\n\n"))));
        const QString errors = ringback.errors();
        QVERIFY2(errors.isEmpty(), qPrintable(QStringLiteral("Ringback reported:\n") + errors));
        QVERIFY2(ringback.quit(&error), qPrintable(error));

        // The impairment acted (a bypassed relay or a missing qdisc would not).
        if (relay) {
            qInfo().noquote() << relay->report();
            const LossyUdpRelay::Counts &toward = relay->towardTarget();
            const LossyUdpRelay::Counts &back = relay->fromTarget();
            QVERIFY2(toward.dropped > 0 && back.dropped > 0, qPrintable(relay->report()));
            QVERIFY2(toward.duplicated + back.duplicated > 0, qPrintable(relay->report()));
            QVERIFY2(toward.reordered + back.reordered > 0, qPrintable(relay->report()));
        } else {
            const qint64 drops = netemDrops(network, &error);
            QVERIFY2(drops >= 0, qPrintable(error));
            qInfo("netem dropped %lld packets", drops);
            QVERIFY2(drops > 0, "netem dropped nothing");
        }
    }
};

QTEST_GUILESS_MAIN(tst_LossyNetwork)
#include "tst_lossynetwork.moc"
