// Covers dialling and cancelling a call through the GUI, end to end, against a SIPp callee on
// the loopback (tests/interop/scenarios/ringing_callee.xml): an in-process Phone listening on
// 127.0.0.1, the main window shown, the address typed into the address field and Call
// clicked; the call window opens and says "Ringing…" once the 180 arrives; Hang Up clicked,
// it says "Cancelled" once the 487 came. SIPp checks the wire: it got a CANCEL after its 180,
// answered it and the INVITE (487), and got the ACK (exit code 0).
#include "callwindow.h"
#include "interop/support/sippprocess.h"
#include "mainwindow.h"
#include "phone.h"
#include "settings.h"

#include <QLabel>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPointer>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr int Timeout = 30000; // ms; only bounds a hang

} // namespace

class tst_DialCancelE2E : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString missing = SippProcess::missingMessage(); !missing.isEmpty())
            QFAIL(qPrintable(missing));
        // No sound server: the ringback tone must not reach the machine's speakers.
        qputenv("PULSE_SERVER", "unix:/nonexistent/ringback-tests-use-no-sound-server");
        // SIP debug logs go to the test output, which ctest shows when the test fails.
        QLoggingCategory::setFilterRules(QStringLiteral("ringback.*.debug=true"));
    }

    void dialRingingCalleeThenHangUp()
    {
        QTemporaryDir configDirectory;
        QVERIFY(configDirectory.isValid());
        Settings settings(configDirectory.path());
        Phone::Options options;
        options.listenHost = QStringLiteral("127.0.0.1");
        options.listenPort = 0; // any free port
        Phone phone(options);
        MainWindow window(&phone, &settings);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        QSignalSpy started(&phone, &Phone::started);
        QSignalSpy startFailed(&phone, &Phone::startFailed);
        phone.start();
        QVERIFY2(started.wait(Timeout), "the phone did not start listening");
        QCOMPARE(startFailed.count(), 0);

        SippProcess sipp(
                {.scenario = QStringLiteral(RINGBACK_SOURCE_DIR
                                            "/tests/interop/scenarios/ringing_callee.xml")});
        QString error;
        QVERIFY2(sipp.start(&error), qPrintable(error));
        const auto reportOnFailure = qScopeGuard([&sipp] {
            if (QTest::currentTestFailed())
                qWarning().noquote() << '\n' << sipp.report();
        });

        auto *addressEdit = window.findChild<QLineEdit *>(QStringLiteral("addressEdit"));
        auto *callButton = window.findChild<QPushButton *>(QStringLiteral("callButton"));
        QVERIFY(addressEdit);
        QVERIFY(callButton);
        QPointer<CallWindow> callWindow;
        connect(&window, &MainWindow::callWindowOpened, this,
                [&callWindow](CallWindow *opened) { callWindow = opened; });

        addressEdit->clear();
        QTest::keyClicks(addressEdit, sipp.uri());
        QCOMPARE(addressEdit->text(), sipp.uri());
        QTest::mouseClick(callButton, Qt::LeftButton);
        QVERIFY2(callWindow, "clicking Call opened no call window");
        QVERIFY(QTest::qWaitForWindowExposed(callWindow));
        Call *call = callWindow->call();
        QCOMPARE(call->remoteUri(), sipp.uri());

        auto *statusLabel = callWindow->findChild<QLabel *>(QStringLiteral("statusLabel"));
        auto *hangUpButton = callWindow->findChild<QPushButton *>(QStringLiteral("hangUpButton"));
        QVERIFY(statusLabel);
        QVERIFY(hangUpButton);
        QTRY_COMPARE_WITH_TIMEOUT(statusLabel->text(), QStringLiteral("Ringing…"), Timeout);
        QCOMPARE(call->statusCode(), 180);

        QTest::mouseClick(hangUpButton, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(statusLabel->text(), QStringLiteral("Cancelled"), Timeout);
        QCOMPARE(call->state(), Call::State::Terminated);
        QCOMPARE(call->endReason(), Call::EndReason::Cancelled);
        QCOMPARE(call->statusCode(), 487);
        QVERIFY(!hangUpButton->isEnabled());

        QVERIFY2(sipp.waitForFinished(), "SIPp still runs");
        QVERIFY2(sipp.exitCode() == 0, "the SIPp scenario failed (its error file below says why)");
        QVERIFY2(sipp.discardedMessages().isEmpty(), "SIPp got messages outside the call");
    }
};

QTEST_MAIN(tst_DialCancelE2E)
#include "tst_dialcancel_e2e.moc"
