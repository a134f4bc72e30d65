// Covers incoming calls end to end: SIPp callers (scenarios/incoming_*.xml) call
// `ringback --headless` on the loopback, and the test answers, declines or hangs up through
// its commands:
//  - the call is announced as {"event":"call","direction":"incoming","state":"ringing",
//    "from":"sip:caller@…","name":"SIPp Caller"} while the caller hears 180;
//  - answered (200 with SDP, ACK, then the caller's BYE, or our BYE after "hangup");
//  - declined (603, ACKed); not answered in time (480 after --no-answer-timeout);
//  - cancelled by the caller (200 for the CANCEL, 487 for the INVITE);
//  - a BYE before the ACK (answered 200, no more 2xx); no ACK at all (our BYE 64·T1 later).
// A row passes when SIPp's scenario passes (exit code 0: every order, field and absence it
// checks held), SIPp dropped no message as outside the call, and Ringback ends the call with
// the expected reason and status, reports no error and exits cleanly.
#include "interop/support/headlessringback.h"
#include "interop/support/sippprocess.h"
#include "interop/support/sipprun.h"

#include <QScopeGuard>
#include <QTest>

namespace {

/// What the test does on the "ringing" event.
enum class OnRinging { Nothing, Answer, Decline };

} // namespace

Q_DECLARE_METATYPE(OnRinging)

class tst_SippIncoming : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString missing = SippProcess::missingMessage(); !missing.isEmpty())
            QFAIL(qPrintable(missing));
    }

    void incoming_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QStringList>("ringbackArguments");
        QTest::addColumn<OnRinging>("onRinging");
        QTest::addColumn<bool>("hangUpWhenConnected");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("reason");

        const QStringList none;
        QTest::newRow("answered, caller hangs up")
                << QStringLiteral("incoming_answered.xml") << none << OnRinging::Answer << false
                << 200 << QStringLiteral("remote-hangup");
        QTest::newRow("answered, Ringback hangs up")
                << QStringLiteral("incoming_answered_local_hangup.xml") << none << OnRinging::Answer
                << true << 200 << QStringLiteral("hangup");
        QTest::newRow("declined") << QStringLiteral("incoming_declined.xml") << none
                                  << OnRinging::Decline << false << 603
                                  << QStringLiteral("declined");
        QTest::newRow("not answered")
                << QStringLiteral("incoming_no_answer.xml")
                << QStringList{QStringLiteral("--no-answer-timeout"), QStringLiteral("1")}
                << OnRinging::Nothing << false << 480 << QStringLiteral("no-answer");
        QTest::newRow("cancelled by the caller")
                << QStringLiteral("incoming_cancelled.xml") << none << OnRinging::Nothing << false
                << 487 << QStringLiteral("cancelled");
        QTest::newRow("BYE before the ACK")
                << QStringLiteral("incoming_bye_before_ack.xml") << none << OnRinging::Answer
                << false << 200 << QStringLiteral("remote-hangup");
        QTest::newRow("no ACK") << QStringLiteral("incoming_no_ack.xml")
                                << QStringList{QStringLiteral("--sip-t1"), QStringLiteral("50")}
                                << OnRinging::Answer << false << 408 << QStringLiteral("failed");
    }

    void incoming()
    {
        QFETCH(QString, scenario);
        QFETCH(QStringList, ringbackArguments);
        QFETCH(OnRinging, onRinging);
        QFETCH(bool, hangUpWhenConnected);
        QFETCH(int, status);
        QFETCH(QString, reason);

        QString error;
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY), .extraArguments = ringbackArguments});
        QVERIFY2(ringback.start(&error), qPrintable(error));
        SippProcess sipp({.scenario = SippProcess::scenarioPath(scenario),
                          .remote = ringback.sipAddress().section(u':', 1)});
        const auto reportOnFailure = watchRun(sipp, ringback);
        QVERIFY2(sipp.start(&error), qPrintable(error));

        const auto ringing
                = ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("ringing")));
        QVERIFY2(ringing, qPrintable(sipp.missingEvent(QStringLiteral("ringing"))));
        QCOMPARE(ringing->value(QLatin1String("direction")).toString(), QStringLiteral("incoming"));
        QVERIFY2(ringing->value(QLatin1String("from"))
                         .toString()
                         .startsWith(QStringLiteral("sip:caller@")),
                 qPrintable(ringing->value(QLatin1String("from")).toString()));
        QCOMPARE(ringing->value(QLatin1String("name")).toString(), QStringLiteral("SIPp Caller"));
        const int id = ringing->value(QLatin1String("id")).toInt();
        if (onRinging == OnRinging::Answer)
            ringback.send(QStringLiteral("answer %1").arg(id));
        else if (onRinging == OnRinging::Decline)
            ringback.send(QStringLiteral("decline %1").arg(id));
        if (hangUpWhenConnected) {
            QVERIFY2(
                    ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("connected"))),
                    qPrintable(sipp.missingEvent(QStringLiteral("connected"))));
            ringback.send(QStringLiteral("hangup %1").arg(id));
        }

        const auto terminated
                = ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("terminated")));
        QVERIFY2(terminated, qPrintable(sipp.missingEvent(QStringLiteral("terminated"))));
        QCOMPARE(terminated->value(QLatin1String("id")).toInt(), id);
        QCOMPARE(terminated->value(QLatin1String("reason")).toString(), reason);
        QCOMPARE(terminated->value(QLatin1String("status")).toInt(), status);

        const QString failure = finishRun(sipp, ringback);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    /// A BYE for no dialog gets 481 (the scenario checks it) and no call appears.
    void byeOutsideAnyDialog()
    {
        QString error;
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY), .extraArguments = {}});
        QVERIFY2(ringback.start(&error), qPrintable(error));
        SippProcess sipp({.scenario = SippProcess::scenarioPath(
                                  QStringLiteral("incoming_bye_unknown_dialog.xml")),
                          .remote = ringback.sipAddress().section(u':', 1)});
        const auto reportOnFailure = qScopeGuard([&] {
            if (QTest::currentTestFailed())
                qWarning().noquote() << '\n' << sipp.report() << ringback.report();
        });
        QVERIFY2(sipp.start(&error), qPrintable(error));
        sipp.waitForFinished();
        const QString failure = sipp.failure();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QVERIFY2(ringback.quit(&error), qPrintable(error));
        for (const QJsonObject &event : ringback.events())
            QVERIFY2(event.value(QLatin1String("event")).toString() != QLatin1String("call"),
                     "a call appeared");
        QVERIFY2(ringback.errors().isEmpty(), qPrintable(ringback.errors()));
    }

    void answerWithoutAnIncomingCallIsAnError()
    {
        QString error;
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY), .extraArguments = {}});
        QVERIFY2(ringback.start(&error), qPrintable(error));
        ringback.send(QStringLiteral("answer"));
        const auto reply
                = ringback.waitForEvent(HeadlessRingback::eventNamed(QStringLiteral("error")));
        QVERIFY(reply);
        QCOMPARE(reply->value(QLatin1String("message")).toString(),
                 QStringLiteral("There is no incoming call to answer."));
        ringback.send(QStringLiteral("decline 7"));
        const auto unknown
                = ringback.waitForEvent(HeadlessRingback::eventNamed(QStringLiteral("error")));
        QVERIFY(unknown);
        QCOMPARE(unknown->value(QLatin1String("message")).toString(),
                 QStringLiteral("No call with id 7."));
        QVERIFY2(ringback.quit(&error), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(tst_SippIncoming)
#include "tst_sippincoming.moc"
