// Covers SIP over TCP on real sockets (RFC 3261 §18), `ringback --headless` against SIPp over
// one TCP connection (-t t1):
//  - a call to sip:…;transport=tcp is set up and hung up over TCP: the INVITE's Via and
//    Contact say TCP, the ACK and the BYE come over TCP (scenarios/tcp_answering_callee.xml);
//  - an OPTIONS that arrives over TCP at the port Ringback's ready event names (TCP listens
//    beside UDP) is answered 200 over the same connection (scenarios/tcp_options_caller.xml).
// A row passes when SIPp's scenario passes (exit code 0) and Ringback saw the call through.
#include "interop/support/headlessringback.h"
#include "interop/support/sippprocess.h"

#include <QScopeGuard>
#include <QTest>

using namespace std::chrono_literals;

class tst_Tcp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString missing = SippProcess::missingMessage(); !missing.isEmpty())
            QFAIL(qPrintable(missing));
    }

    void callOverTcp()
    {
        SippProcess sipp(
                {.scenario = SippProcess::scenarioPath(QStringLiteral("tcp_answering_callee.xml")),
                 .transport = QStringLiteral("t1")});
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY), .extraArguments = {}});
        const auto reportOnFailure = qScopeGuard([&] {
            if (QTest::currentTestFailed())
                qWarning().noquote() << '\n' << ringback.report() << '\n' << sipp.report();
        });
        QString error;
        QVERIFY2(sipp.start(&error), qPrintable(error));
        QVERIFY2(ringback.start(&error), qPrintable(error));

        ringback.send(QStringLiteral("call ") + sipp.uri());
        const auto connected = ringback.waitForEvent(
                HeadlessRingback::callState(QStringLiteral("connected")), 15s);
        QVERIFY2(connected, "the call over TCP was not answered");
        ringback.send(QStringLiteral("hangup"));
        const auto terminated = ringback.waitForEvent(
                HeadlessRingback::callState(QStringLiteral("terminated")), 15s);
        QVERIFY2(terminated, "the call over TCP did not end");
        QCOMPARE(terminated->value(QLatin1String("reason")).toString(), QStringLiteral("hangup"));

        QVERIFY2(sipp.waitForFinished(15s), "SIPp did not finish");
        QCOMPARE(sipp.exitCode(), 0);
        QVERIFY2(ringback.quit(&error), qPrintable(error));
    }

    void optionsOverTcp()
    {
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY), .extraArguments = {}});
        QString error;
        QVERIFY2(ringback.start(&error), qPrintable(error));
        // "udp:127.0.0.1:PORT": TCP listens on the same port.
        const QString address = ringback.sipAddress();
        QVERIFY2(address.startsWith(QLatin1String("udp:")), qPrintable(address));

        SippProcess sipp(
                {.scenario = SippProcess::scenarioPath(QStringLiteral("tcp_options_caller.xml")),
                 .remote = address.mid(4),
                 .transport = QStringLiteral("t1")});
        const auto reportOnFailure = qScopeGuard([&] {
            if (QTest::currentTestFailed())
                qWarning().noquote() << '\n' << ringback.report() << '\n' << sipp.report();
        });
        QVERIFY2(sipp.start(&error), qPrintable(error));
        QVERIFY2(sipp.waitForFinished(15s), "SIPp did not finish");
        QCOMPARE(sipp.exitCode(), 0);
        QVERIFY2(ringback.quit(&error), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(tst_Tcp)
#include "tst_tcp.moc"
