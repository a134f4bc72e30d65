// Covers CallWindow (ui/callwindow.*) on Call objects fed directly with applyStatus():
//  - statusText() for every state and every way a call ends ("Calling…" … "Cancelled",
//    "Busy", "Call ended", "Failed: <phrase> (<code>)", "Failed: no response");
//  - the status label follows the call, and Hang Up is disabled once the call is ending;
//  - Hang Up's accessible name, and that clicking it or pressing Esc hangs up (the call's
//    hang-up command runs once), while Esc on an ended call closes the window instead;
//  - an incoming call: "Incoming call…", "Missed call: …", "Declined"; while it rings,
//    Answer (also Enter) and Decline instead of Hang Up, each running its command once; once
//    answered, Hang Up again;
//  - while connected, Hold, which runs the hold command and reads Resume (with "On hold") once
//    the call is held; "Held by the other side" when the peer holds us; "Transferred".
#include "callwindow.h"

#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

namespace {

using State = Call::State;
using EndReason = Call::EndReason;

/// A call whose commands count how often they ran instead of posting to a SIP core.
struct RecordingCall
{
    explicit RecordingCall(Call::Direction direction = Call::Direction::Outgoing)
        : call(1, direction, QStringLiteral("sip:bob@example.com"), QStringLiteral("Bob"))
    {
        call.setCommands({.hangup = [this] { ++hangups; },
                          .answer = [this] { ++answers; },
                          .decline = [this] { ++declines; },
                          .hold =
                                  [this](bool on) {
                                      holds.push_back(on);
                                  }});
    }
    Call call;
    std::vector<bool> holds;
    int hangups = 0;
    int answers = 0;
    int declines = 0;
};

QPushButton *button(const CallWindow &window, const char *name)
{
    return window.findChild<QPushButton *>(QString::fromLatin1(name));
}

QLabel *statusLabel(const CallWindow &window)
{
    return window.findChild<QLabel *>(QStringLiteral("statusLabel"));
}

QPushButton *hangUpButton(const CallWindow &window)
{
    return window.findChild<QPushButton *>(QStringLiteral("hangUpButton"));
}

} // namespace

class tst_CallWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statusText_data()
    {
        QTest::addColumn<State>("state");
        QTest::addColumn<int>("statusCode");
        QTest::addColumn<QString>("reasonPhrase");
        QTest::addColumn<EndReason>("endReason");
        QTest::addColumn<QString>("text");

        const QString none;
        QTest::newRow("calling") << State::Calling << 0 << none << EndReason::None
                                 << QStringLiteral("Calling…");
        QTest::newRow("trying (100) is still calling")
                << State::Calling << 100 << QStringLiteral("Trying") << EndReason::None
                << QStringLiteral("Calling…");
        QTest::newRow("ringing") << State::Ringing << 180 << QStringLiteral("Ringing")
                                 << EndReason::None << QStringLiteral("Ringing…");
        QTest::newRow("connected") << State::Connected << 200 << QStringLiteral("OK")
                                   << EndReason::None << QStringLiteral("Connected");
        QTest::newRow("terminating") << State::Terminating << 200 << QStringLiteral("OK")
                                     << EndReason::None << QStringLiteral("Hanging up…");
        QTest::newRow("cancelled by 487")
                << State::Terminated << 487 << QStringLiteral("Request Terminated")
                << EndReason::Cancelled << QStringLiteral("Cancelled");
        QTest::newRow("cancelled, no final response (408)")
                << State::Terminated << 408 << QStringLiteral("Request Timeout")
                << EndReason::Cancelled << QStringLiteral("Cancelled");
        QTest::newRow("cancelled, challenge after hang-up (407)")
                << State::Terminated << 407 << QStringLiteral("Proxy Authentication Required")
                << EndReason::Cancelled << QStringLiteral("Cancelled");
        QTest::newRow("busy (486)") << State::Terminated << 486 << QStringLiteral("Busy Here")
                                    << EndReason::Busy << QStringLiteral("Busy");
        QTest::newRow("busy everywhere (600)")
                << State::Terminated << 600 << QStringLiteral("Busy Everywhere") << EndReason::Busy
                << QStringLiteral("Busy");
        QTest::newRow("local hang-up") << State::Terminated << 200 << QStringLiteral("OK")
                                       << EndReason::LocalHangup << QStringLiteral("Call ended");
        QTest::newRow("transferred") << State::Terminated << 200 << QStringLiteral("OK")
                                     << EndReason::Transferred << QStringLiteral("Transferred");
        QTest::newRow("remote hang-up") << State::Terminated << 200 << QStringLiteral("OK")
                                        << EndReason::RemoteHangup << QStringLiteral("Call ended");
        QTest::newRow("rejected (403)")
                << State::Terminated << 403 << QStringLiteral("Forbidden") << EndReason::Rejected
                << QStringLiteral("Failed: Forbidden (403)");
        QTest::newRow("declined (603)")
                << State::Terminated << 603 << QStringLiteral("Decline") << EndReason::Rejected
                << QStringLiteral("Failed: Decline (603)");
        QTest::newRow("redirected (302)")
                << State::Terminated << 302 << QStringLiteral("Moved Temporarily")
                << EndReason::Redirected << QStringLiteral("Failed: Moved Temporarily (302)");
        QTest::newRow("failed, timeout (408)")
                << State::Terminated << 408 << QStringLiteral("Request Timeout")
                << EndReason::Failed << QStringLiteral("Failed: Request Timeout (408)");
        QTest::newRow("failed, server unreachable (503 made by the core)")
                << State::Terminated << 503
                << QStringLiteral("Server unreachable: connection refused by 127.0.0.1:5099")
                << EndReason::Failed
                << QStringLiteral("Failed: Server unreachable: connection refused by "
                                  "127.0.0.1:5099 (503)");
        QTest::newRow("failed, no response") << State::Terminated << 0 << none << EndReason::Failed
                                             << QStringLiteral("Failed: no response");
    }

    void incomingStatusText_data()
    {
        QTest::addColumn<State>("state");
        QTest::addColumn<int>("statusCode");
        QTest::addColumn<EndReason>("endReason");
        QTest::addColumn<QString>("text");
        QTest::newRow("ringing") << State::Ringing << 180 << EndReason::None
                                 << QStringLiteral("Incoming call…");
        QTest::newRow("caller cancelled (487)")
                << State::Terminated << 487 << EndReason::Cancelled
                << QStringLiteral("Missed call: the caller hung up");
        QTest::newRow("not answered (480)") << State::Terminated << 480 << EndReason::NoAnswer
                                            << QStringLiteral("Missed call: not answered");
        QTest::newRow("declined (603)")
                << State::Terminated << 603 << EndReason::Declined << QStringLiteral("Declined");
        QTest::newRow("no ACK (408)") << State::Terminated << 408 << EndReason::Failed
                                      << QStringLiteral("Failed: No ACK (408)");
    }
    void incomingStatusText()
    {
        QFETCH(State, state);
        QFETCH(int, statusCode);
        QFETCH(EndReason, endReason);
        QFETCH(QString, text);
        RecordingCall recording(Call::Direction::Incoming);
        recording.call.applyStatus(
                {.state = state,
                 .statusCode = statusCode,
                 .reasonPhrase = statusCode == 408 ? QStringLiteral("No ACK") : QString(),
                 .endReason = endReason});
        QCOMPARE(CallWindow::statusText(recording.call), text);
    }

    void incomingCallIsAnsweredOrDeclined()
    {
        RecordingCall recording(Call::Direction::Incoming);
        QCOMPARE(recording.call.state(), State::Ringing); // an incoming call starts ringing
        CallWindow window(&recording.call);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QVERIFY(window.windowTitle().contains(QStringLiteral("Incoming call")));
        QVERIFY(window.windowTitle().contains(QStringLiteral("Bob <sip:bob@example.com>")));
        QVERIFY(button(window, "answerButton")->isVisible());
        QVERIFY(button(window, "declineButton")->isVisible());
        QVERIFY(!hangUpButton(window)->isVisible());
        QCOMPARE(button(window, "answerButton")->accessibleName(), QStringLiteral("Answer"));

        QTest::mouseClick(button(window, "declineButton"), Qt::LeftButton);
        QCOMPARE(recording.declines, 1);
        QTest::mouseClick(button(window, "answerButton"), Qt::LeftButton);
        QTest::keyClick(&window, Qt::Key_Return);
        QCOMPARE(recording.answers, 2);
        QCOMPARE(recording.hangups, 0);

        recording.call.applyStatus({.state = State::Connected,
                                    .statusCode = 200,
                                    .reasonPhrase = QStringLiteral("OK")});
        QVERIFY(!button(window, "answerButton")->isVisible());
        QVERIFY(hangUpButton(window)->isVisible());
        QTest::keyClick(&window, Qt::Key_Return); // Enter answers no more
        QCOMPARE(recording.answers, 2);
        QTest::mouseClick(hangUpButton(window), Qt::LeftButton);
        QCOMPARE(recording.hangups, 1);
    }

    void outgoingCallHasNoAnswer()
    {
        RecordingCall recording;
        recording.call.applyStatus({.state = State::Ringing,
                                    .statusCode = 180,
                                    .reasonPhrase = QStringLiteral("Ringing")});
        recording.call.answer();
        recording.call.decline();
        QCOMPARE(recording.answers + recording.declines, 0);
        CallWindow window(&recording.call);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(!button(window, "answerButton")->isVisible());
        QVERIFY(hangUpButton(window)->isVisible());
    }

    void statusText()
    {
        QFETCH(State, state);
        QFETCH(int, statusCode);
        QFETCH(QString, reasonPhrase);
        QFETCH(EndReason, endReason);
        QFETCH(QString, text);

        RecordingCall recording;
        recording.call.applyStatus({.state = state,
                                    .statusCode = statusCode,
                                    .reasonPhrase = reasonPhrase,
                                    .endReason = endReason});
        QCOMPARE(CallWindow::statusText(recording.call), text);

        // The window shows the same text, and offers Hang Up only while the call is not
        // ending.
        CallWindow window(&recording.call);
        QCOMPARE(statusLabel(window)->text(), text);
        QCOMPARE(hangUpButton(window)->isEnabled(),
                 state != State::Terminating && state != State::Terminated);
    }

    void holdButtonHoldsAndResumes()
    {
        RecordingCall recording;
        CallWindow window(&recording.call);
        QPushButton *hold = button(window, "holdButton");
        QVERIFY(hold);
        QVERIFY(hold->isHidden()); // not before the call is connected
        recording.call.applyStatus({.state = State::Connected, .statusCode = 200});
        QVERIFY(!hold->isHidden());
        QCOMPARE(hold->text(), QStringLiteral("Hold"));
        hold->click();
        QCOMPARE(recording.holds, std::vector<bool>{true});
        QCOMPARE(statusLabel(window)->text(), QStringLiteral("Connected")); // until agreed
        recording.call.applyStatus({.state = State::Connected, .statusCode = 200, .held = true});
        QCOMPARE(statusLabel(window)->text(), QStringLiteral("On hold"));
        QCOMPARE(hold->text(), QStringLiteral("Resume"));
        hold->click();
        QCOMPARE(recording.holds, (std::vector<bool>{true, false}));
        recording.call.applyStatus(
                {.state = State::Connected, .statusCode = 200, .remoteHeld = true});
        QCOMPARE(statusLabel(window)->text(), QStringLiteral("Held by the other side"));
        QCOMPARE(hold->text(), QStringLiteral("Hold"));
    }

    void securityLabelShowsEncryption()
    {
        RecordingCall recording;
        CallWindow window(&recording.call);
        auto *security = window.findChild<QLabel *>(QStringLiteral("securityLabel"));
        QVERIFY(security);
        QVERIFY(security->isHidden());
        recording.call.applyStatus({.state = State::Connected, .statusCode = 200});
        QVERIFY(security->isHidden()); // plain RTP
        recording.call.applyStatus(
                {.state = State::Connected, .statusCode = 200, .encrypted = true});
        QVERIFY(!security->isHidden());
        QVERIFY(security->text().contains(QLatin1String("Encrypted")));
        recording.call.applyStatus(
                {.state = State::Terminated, .statusCode = 200, .encrypted = true});
        QVERIFY(security->isHidden()); // nothing to protect once it has ended
    }

    void labelFollowsTheCall()
    {
        RecordingCall recording;
        CallWindow window(&recording.call);
        QCOMPARE(statusLabel(window)->text(), QStringLiteral("Calling…"));
        recording.call.applyStatus({.state = State::Ringing,
                                    .statusCode = 180,
                                    .reasonPhrase = QStringLiteral("Ringing")});
        QCOMPARE(statusLabel(window)->text(), QStringLiteral("Ringing…"));
        QVERIFY(hangUpButton(window)->isEnabled());
        recording.call.applyStatus({.state = State::Terminated,
                                    .statusCode = 487,
                                    .reasonPhrase = QStringLiteral("Request Terminated"),
                                    .endReason = EndReason::Cancelled});
        QCOMPARE(statusLabel(window)->text(), QStringLiteral("Cancelled"));
        QVERIFY(!hangUpButton(window)->isEnabled());
    }

    void hangUpHasAnAccessibleName()
    {
        RecordingCall recording;
        CallWindow window(&recording.call);
        QPushButton *button = hangUpButton(window);
        QVERIFY(button);
        QCOMPARE(button->accessibleName(), QStringLiteral("Hang Up"));
    }

    void hangUpButtonHangsUp()
    {
        RecordingCall recording;
        recording.call.applyStatus({.state = State::Ringing,
                                    .statusCode = 180,
                                    .reasonPhrase = QStringLiteral("Ringing")});
        CallWindow window(&recording.call);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTest::mouseClick(hangUpButton(window), Qt::LeftButton);
        QCOMPARE(recording.hangups, 1);
    }

    void escapeHangsUp_data()
    {
        QTest::addColumn<State>("state");
        QTest::addColumn<int>("hangups");
        QTest::addColumn<bool>("windowStaysOpen");

        QTest::newRow("calling") << State::Calling << 1 << true;
        QTest::newRow("ringing") << State::Ringing << 1 << true;
        QTest::newRow("connected") << State::Connected << 1 << true;
        // Hang Up is disabled: Esc closes the window, the call is left to end.
        QTest::newRow("terminating") << State::Terminating << 0 << false;
        QTest::newRow("terminated") << State::Terminated << 0 << false;
    }

    void escapeHangsUp()
    {
        QFETCH(State, state);
        QFETCH(int, hangups);
        QFETCH(bool, windowStaysOpen);

        RecordingCall recording;
        recording.call.applyStatus({.state = state,
                                    .reasonPhrase = {},
                                    .endReason = state == State::Terminated ? EndReason::LocalHangup
                                                                            : EndReason::None});
        CallWindow window(&recording.call);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_Escape);
        QCOMPARE(recording.hangups, hangups);
        QCOMPARE(window.isVisible(), windowStaysOpen);
    }
};

QTEST_MAIN(tst_CallWindow)
#include "tst_callwindow.moc"
