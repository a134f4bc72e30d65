// Covers a call to an address where nothing listens, with `ringback --headless` on real UDP
// sockets: the ICMP port unreachable that the kernel answers the INVITE with ends the call at
// once (not by Timer B, 32 s, longer than the wait allows), as failed, with status 503 and the
// phrase "Server unreachable: connection refused by 127.0.0.1:PORT".
#include "interop/support/headlessringback.h"

#include <QScopeGuard>
#include <QTest>
#include <QUdpSocket>

using namespace std::chrono_literals;

class tst_Unreachable : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void callToAClosedPortFailsAtOnce()
    {
        QUdpSocket probe;
        QVERIFY(probe.bind(QHostAddress::LocalHost, 0));
        const quint16 port = probe.localPort();
        probe.close(); // nothing listens there now

        QString error;
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY), .extraArguments = {}});
        const auto reportOnFailure = qScopeGuard([&] {
            if (QTest::currentTestFailed())
                qWarning().noquote() << '\n' << ringback.report();
        });
        QVERIFY2(ringback.start(&error), qPrintable(error));
        ringback.send(QStringLiteral("call sip:nobody@127.0.0.1:%1").arg(port));
        // Timer B would take 32 s; the wait gives up after 20.
        const auto terminated = ringback.waitForEvent(
                HeadlessRingback::callState(QStringLiteral("terminated")), 20s);
        QVERIFY2(terminated, "the call did not end on the ICMP error");
        QCOMPARE(terminated->value(QLatin1String("reason")).toString(), QStringLiteral("failed"));
        QCOMPARE(terminated->value(QLatin1String("status")).toInt(), 503);
        QCOMPARE(
                terminated->value(QLatin1String("phrase")).toString(),
                QStringLiteral("Server unreachable: connection refused by 127.0.0.1:%1").arg(port));
        QVERIFY2(ringback.quit(&error), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(tst_Unreachable)
#include "tst_unreachable.moc"
