// Covers how Ringback cancels calls (RFC 3261 §9.1), against SIPp callees on the loopback,
// driven through `ringback --headless`; one scenario per case under scenarios/:
//  4a  hang-up after a 180: the CANCEL comes after the 180; hang-up before any 1xx: no CANCEL
//      until a 1xx came; hang-up before any 1xx and a final response first: no CANCEL at all,
//      the final response is ACKed;
//  4b  the CANCEL copies the INVITE's Request-URI, Call-ID, From, To, CSeq number, Route and
//      top Via (branch);
//  4c  the 487 is ACKed with the INVITE's branch;
//  4d  a 200 crossing the CANCEL (before or after the CANCEL's own 200) is ACKed, then BYEd;
//  4e  no final response: the call ends 64·T1 after the CANCEL (408); nothing more is sent;
//  4f  a 401/407 after hang-up is ACKed and the INVITE is not re-sent;
//  4g  hang-up twice sends one CANCEL;
//  and the ringing callee the GUI end-to-end test uses.
// A row passes when SIPp's scenario passes (exit code 0: every order, field and absence it
// checks held; each scenario's opening comment says what fails it), SIPp dropped no message
// as belonging to no call, and Ringback ends the call with the expected reason and status,
// reports no error and exits cleanly.
#include "interop/support/headlessringback.h"
#include "interop/support/sippprocess.h"
#include "interop/support/sipprun.h"

#include <QElapsedTimer>
#include <QTest>

namespace {

/// When the row hangs up: on the first event of this call state.
enum class HangUpOn { Calling, Ringing };

} // namespace

Q_DECLARE_METATYPE(HangUpOn)

class tst_SippCancel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString missing = SippProcess::missingMessage(); !missing.isEmpty())
            QFAIL(qPrintable(missing));
    }

    void cancel_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QStringList>("ringbackArguments");
        QTest::addColumn<HangUpOn>("hangUpOn");
        QTest::addColumn<int>("hangUps");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("reason");
        QTest::addColumn<int>("minimumMilliseconds"); // from the hang-up to "terminated"

        const QString cancelled = QStringLiteral("cancelled");
        QTest::newRow("ringing callee") << QStringLiteral("ringing_callee.xml") << QStringList()
                                        << HangUpOn::Ringing << 1 << 487 << cancelled << 0;
        QTest::newRow("4a-1 hang-up after 180")
                << QStringLiteral("4a1_hangup_after_180.xml") << QStringList() << HangUpOn::Ringing
                << 1 << 487 << cancelled << 0;
        QTest::newRow("4a-2 hang-up before any 1xx")
                << QStringLiteral("4a2_hangup_before_1xx.xml") << QStringList() << HangUpOn::Calling
                << 1 << 487 << cancelled << 0;
        QTest::newRow("4a-3 final response before any 1xx")
                << QStringLiteral("4a3_final_before_1xx.xml") << QStringList() << HangUpOn::Calling
                << 1 << 486 << cancelled << 0;
        QTest::newRow("4b CANCEL copies the INVITE")
                << QStringLiteral("4b_cancel_copies_invite.xml") << QStringList()
                << HangUpOn::Ringing << 1 << 487 << cancelled << 0;
        QTest::newRow("4c ACK for the 487 has the INVITE's branch")
                << QStringLiteral("4c_ack_for_487.xml") << QStringList() << HangUpOn::Ringing << 1
                << 487 << cancelled << 0;
        QTest::newRow("4d-1 200 crosses the CANCEL")
                << QStringLiteral("4d1_ok_crosses_cancel.xml") << QStringList() << HangUpOn::Ringing
                << 1 << 487 << cancelled << 0;
        QTest::newRow("4d-2 200 after the CANCEL's 200")
                << QStringLiteral("4d2_ok_after_200_for_cancel.xml") << QStringList()
                << HangUpOn::Ringing << 1 << 487 << cancelled << 0;
        // T1 = 20 ms: the call must last at least 64·T1 = 1280 ms after the CANCEL.
        QTest::newRow("4e no final response after the CANCEL")
                << QStringLiteral("4e_no_final_response.xml")
                << QStringList{QStringLiteral("--sip-t1"), QStringLiteral("20")}
                << HangUpOn::Ringing << 1 << 408 << cancelled << 64 * 20;
        QTest::newRow("4f 401 after hang-up")
                << QStringLiteral("4f_401_after_cancel.xml") << QStringList() << HangUpOn::Ringing
                << 1 << 401 << cancelled << 0;
        QTest::newRow("4f 407 after hang-up")
                << QStringLiteral("4f_407_after_cancel.xml") << QStringList() << HangUpOn::Ringing
                << 1 << 407 << cancelled << 0;
        QTest::newRow("4g hang-up twice") << QStringLiteral("4g_hangup_twice.xml") << QStringList()
                                          << HangUpOn::Ringing << 2 << 487 << cancelled << 0;
    }

    void cancel()
    {
        QFETCH(QString, scenario);
        QFETCH(QStringList, ringbackArguments);
        QFETCH(HangUpOn, hangUpOn);
        QFETCH(int, hangUps);
        QFETCH(int, status);
        QFETCH(QString, reason);
        QFETCH(int, minimumMilliseconds);

        QString error;
        SippProcess sipp({.scenario = SippProcess::scenarioPath(scenario)});
        QVERIFY2(sipp.start(&error), qPrintable(error));
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY), .extraArguments = ringbackArguments});
        const auto reportOnFailure = watchRun(sipp, ringback);
        QVERIFY2(ringback.start(&error), qPrintable(error));

        ringback.send(QStringLiteral("call ") + sipp.uri());
        const QString trigger = hangUpOn == HangUpOn::Calling ? QStringLiteral("calling")
                                                              : QStringLiteral("ringing");
        QVERIFY2(ringback.waitForEvent(HeadlessRingback::callState(trigger)),
                 qPrintable(sipp.missingEvent(trigger)));
        QStringList commands;
        for (int i = 0; i < hangUps; ++i)
            commands.append(QStringLiteral("hangup"));
        QElapsedTimer sinceHangUp;
        sinceHangUp.start();
        ringback.send(commands.join(u'\n'));

        const auto terminated
                = ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("terminated")));
        QVERIFY2(terminated, qPrintable(sipp.missingEvent(QStringLiteral("terminated"))));
        const qint64 elapsed = sinceHangUp.elapsed();
        QCOMPARE(terminated->value(QLatin1String("reason")).toString(), reason);
        QCOMPARE(terminated->value(QLatin1String("status")).toInt(), status);
        QVERIFY2(elapsed >= minimumMilliseconds,
                 qPrintable(QStringLiteral("the call ended %1 ms after the hang-up, before "
                                           "64·T1 = %2 ms")
                                    .arg(elapsed)
                                    .arg(minimumMilliseconds)));

        const QString failure = finishRun(sipp, ringback);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }
};

QTEST_GUILESS_MAIN(tst_SippCancel)
#include "tst_sippcancel.moc"
