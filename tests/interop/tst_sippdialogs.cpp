// Covers dialogs beyond one INVITE end to end: SIPp peers on the loopback and
// `ringback --headless` driven through its commands:
//  - forking (RFC 3261 §13.2.2.4), a row of outgoing(): two 180s and two 200s from two
//    forks; Ringback keeps the first answer and ACKs and BYEs the second
//    (forking_two_answers.xml), one call rings, connects once and ends when the kept fork
//    hangs up;
//  - hold and resume by Ringback (re-INVITEs with SDP; "held" in the events follows the
//    peer's 200s: incoming_hold_resume.xml);
//  - hold and resume by the caller ("remoteHeld" follows its sendonly and sendrecv offers:
//    incoming_remote_hold.xml);
//  - reliable provisional responses (RFC 3262) and UPDATE (RFC 3311) both ways: a callee
//    whose 180 requires a PRACK and who then holds Ringback by UPDATE
//    (reliable_ringing_callee.xml), and a caller that requires 100rel, PRACKs Ringback's 180,
//    gets the 200 only after the PRACK's, and holds and resumes by UPDATE
//    (incoming_reliable_update.xml); and a caller whose INVITE has no offer, so Ringback's
//    offer goes in its reliable 180 and the PRACK's answer sets up the audio: Ringback
//    receives the caller's RTP in PCMU (incoming_offerless_reliable.xml);
//  - session timers (RFC 4028): a callee that answers the first INVITE 422, takes the second
//    one (same Call-ID, next CSeq, its Min-SE as interval) and refreshes by UPDATE
//    (session_timer_callee.xml); a caller whose too short interval gets 422 with Min-SE, whose
//    second INVITE's 200 names it as refresher with Require: timer, and whose refresh by
//    UPDATE is answered with the interval (incoming_session_timer.xml);
//  - re-INVITE glare (§14.1): the caller's re-INVITE crosses Ringback's and gets 491, the
//    caller's 491 to Ringback's is retried after the back-off and the call ends up held
//    (incoming_reinvite_glare.xml);
//  - blind transfer (RFC 3515): "transfer" sends a REFER, the caller's 202 and NOTIFYs
//    (sipfrag 100, then 200) are followed by Ringback's BYE, and the call ends as
//    "transferred" (incoming_refer_transfer.xml);
//  - being transferred (RFC 3515, RFC 5589 §6): the caller's REFER is answered 202 and
//    NOTIFYs (sipfrag 100, then 200 once the target answered) while Ringback calls a second
//    SIPp, the target, with the REFER's Referred-By; the new call carries "referredBy", the
//    first one ends as "transferred" when the caller hangs up (referral_transferor.xml,
//    referral_target.xml); the same when the caller ends the REFER's implicit subscription
//    before answering the first NOTIFY: 200 to its SUBSCRIBE, one last terminated NOTIFY,
//    and no NOTIFY after it (referral_unsubscriber.xml);
//  - an INVITE whose Replaces names no dialog gets 481 and makes no call
//    (replaces_unknown_dialog.xml, RFC 3891 §3);
//  - instant messages (RFC 3428) both ways: "message <uri> <text>" sends a text/plain MESSAGE
//    and reports its 200 (message_receiver.xml); a MESSAGE to Ringback shows as an incoming
//    "message" event, and one in text/html gets 415 (incoming_message.xml);
//  - DTMF by INFO: the caller's digits (application/dtmf-relay and application/dtmf) show in
//    the events as "dtmf", and "dtmf 7" sends an INFO with Signal=7 (--dtmf info)
//    (incoming_dtmf_info.xml);
//  - presence (RFC 6665, RFC 3856): "subscribe <uri>" subscribes, the notifier's NOTIFYs show
//    as the subscription pending, then active with the PIDF's basic status and note, and
//    "unsubscribe <id>" ends it with SUBSCRIBE Expires: 0 and the terminated NOTIFY
//    (presence_notifier.xml);
//  - publication (RFC 3903): "publish open <note>" publishes a PIDF from the account, a second
//    "publish" modifies it with the entity tag, a 412 is answered by publishing from scratch,
//    and "unpublish" removes it (presence_compositor.xml).
// A row passes when SIPp's scenario passes (each scenario's opening comment says what fails
// it), the events come in the order the row lists, and Ringback reports no error and exits
// cleanly.
#include "interop/support/headlessringback.h"
#include "interop/support/mulawfile.h"
#include "interop/support/sippprocess.h"
#include "interop/support/sipprun.h"

#include <QDir>
#include <QJsonDocument>
#include <QTest>

#include <optional>

namespace {

/// One step of a row: a command to send (may be empty; the call's id is appended), then a
/// call event to wait for: connected, with every field of \a fields as given.
struct Step
{
    QString command;
    QJsonObject fields;
};

HeadlessRingback::Predicate connectedWith(const QJsonObject &fields)
{
    return [fields](const QJsonObject &event) {
        if (event.value(QLatin1String("event")).toString() != QLatin1String("call")
            || event.value(QLatin1String("state")).toString() != QLatin1String("connected"))
            return false;
        for (auto it = fields.begin(); it != fields.end(); ++it)
            if (event.value(it.key()) != it.value())
                return false;
        return true;
    };
}

/// A "message" event going \a direction ("incoming" or "outgoing").
HeadlessRingback::Predicate messageEvent(const QString &direction)
{
    return [direction](const QJsonObject &event) {
        return event.value(QLatin1String("event")).toString() == QLatin1String("message")
               && event.value(QLatin1String("direction")).toString() == direction;
    };
}

/// An \a name event ("subscription", "publication") in \a state.
HeadlessRingback::Predicate eventState(const QString &name, const QString &state)
{
    return [name, state](const QJsonObject &event) {
        return event.value(QLatin1String("event")).toString() == name
               && event.value(QLatin1String("state")).toString() == state;
    };
}

QJsonObject holdFields(bool held, bool remoteHeld)
{
    return {{QStringLiteral("held"), held}, {QStringLiteral("remoteHeld"), remoteHeld}};
}

/// Waits for \a sipp's call to ring in \a ringback, answers it and waits until it is connected:
/// its id, or nothing with why in \a failure.
std::optional<int>
answerWhenRinging(HeadlessRingback &ringback, SippProcess &sipp, QString *failure)
{
    const auto ringing
            = ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("ringing")));
    if (!ringing) {
        *failure = sipp.missingEvent(QStringLiteral("ringing"));
        return std::nullopt;
    }
    const int id = ringing->value(QLatin1String("id")).toInt();
    ringback.send(QStringLiteral("answer %1").arg(id));
    if (!ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("connected")))) {
        *failure = sipp.missingEvent(QStringLiteral("connected"));
        return std::nullopt;
    }
    return id;
}

} // namespace

Q_DECLARE_METATYPE(QList<Step>)

class tst_SippDialogs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString missing = SippProcess::missingMessage(); !missing.isEmpty())
            QFAIL(qPrintable(missing));
    }

    void outgoing_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QStringList>("states");
        QTest::addColumn<QJsonObject>("fields");
        QTest::addColumn<int>("connectedEvents");
        const QStringList ringingThenConnected{QStringLiteral("ringing"),
                                               QStringLiteral("connected")};
        // Connected once: the second answer did not connect the call again.
        QTest::newRow("forking: the first answer is kept")
                << QStringLiteral("forking_two_answers.xml") << ringingThenConnected
                << QJsonObject() << 1;
        QTest::newRow("reliable ringing, then held by UPDATE")
                << QStringLiteral("reliable_ringing_callee.xml") << ringingThenConnected
                << holdFields(false, true) << -1;
        QTest::newRow("422, then a refresh by UPDATE")
                << QStringLiteral("session_timer_callee.xml")
                << QStringList{QStringLiteral("connected")} << QJsonObject() << -1;
    }

    /// Ringback calls the scenario's callee, goes through \a states, then (when \a fields is
    /// not empty) is connected with \a fields; the callee hangs up. There is one call only,
    /// with \a connectedEvents "connected" events unless that is -1.
    void outgoing()
    {
        QFETCH(QString, scenario);
        QFETCH(QStringList, states);
        QFETCH(QJsonObject, fields);
        QFETCH(int, connectedEvents);
        QString error;
        SippProcess sipp({.scenario = SippProcess::scenarioPath(scenario)});
        QVERIFY2(sipp.start(&error), qPrintable(error));
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY), .extraArguments = {}});
        const auto reportOnFailure = watchRun(sipp, ringback);
        QVERIFY2(ringback.start(&error), qPrintable(error));

        ringback.send(QStringLiteral("call ") + sipp.uri());
        for (const QString &state : states)
            QVERIFY2(ringback.waitForEvent(HeadlessRingback::callState(state)),
                     qPrintable(sipp.missingEvent(state)));
        if (!fields.isEmpty())
            QVERIFY2(ringback.waitForEvent(connectedWith(fields)),
                     qPrintable(sipp.missingEvent(QStringLiteral("connected with fields"))));
        const auto terminated
                = ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("terminated")));
        QVERIFY2(terminated, qPrintable(sipp.missingEvent(QStringLiteral("terminated"))));
        QCOMPARE(terminated->value(QLatin1String("reason")).toString(),
                 QStringLiteral("remote-hangup"));
        int connected = 0;
        for (const QJsonObject &event : ringback.events()) {
            if (event.value(QLatin1String("event")).toString() != QLatin1String("call"))
                continue;
            QCOMPARE(event.value(QLatin1String("id")).toInt(),
                     terminated->value(QLatin1String("id")).toInt());
            connected
                    += event.value(QLatin1String("state")).toString() == QLatin1String("connected");
        }
        if (connectedEvents >= 0)
            QCOMPARE(connected, connectedEvents);
        const QString failure = finishRun(sipp, ringback);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void beingTransferred_data()
    {
        QTest::addColumn<QString>("transferor");
        QTest::newRow("notified") << QStringLiteral("referral_transferor.xml");
        QTest::newRow("unsubscribed") << QStringLiteral("referral_unsubscriber.xml");
    }

    void beingTransferred()
    {
        QFETCH(QString, transferor);
        QString error;
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY), .extraArguments = {}});
        QVERIFY2(ringback.start(&error), qPrintable(error));
        SippProcess target(
                {.scenario = SippProcess::scenarioPath(QStringLiteral("referral_target.xml"))});
        QVERIFY2(target.start(&error), qPrintable(error));
        SippProcess caller({.scenario = SippProcess::scenarioPath(transferor),
                            .remote = ringback.sipAddress().section(u':', 1),
                            .extraArguments
                            = {QStringLiteral("-key"), QStringLiteral("target"), target.uri()}});
        const auto reportCaller = watchRun(caller, ringback);
        const auto reportTarget = watchRun(target, ringback);
        QVERIFY2(caller.start(&error), qPrintable(error));

        const auto ringing
                = ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("ringing")));
        QVERIFY2(ringing, qPrintable(caller.missingEvent(QStringLiteral("ringing"))));
        const int first = ringing->value(QLatin1String("id")).toInt();
        ringback.send(QStringLiteral("answer %1").arg(first));

        const auto referred = ringback.waitForEvent([first](const QJsonObject &event) {
            return event.value(QLatin1String("event")).toString() == QLatin1String("call")
                   && event.value(QLatin1String("referredBy")).toInt() == first
                   && event.value(QLatin1String("state")).toString() == QLatin1String("connected");
        });
        QVERIFY2(referred, qPrintable(target.missingEvent(QStringLiteral("referred call"))));
        QCOMPARE(referred->value(QLatin1String("direction")).toString(),
                 QStringLiteral("outgoing"));
        QCOMPARE(referred->value(QLatin1String("remote")).toString(), target.uri());
        const auto firstEnded = ringback.waitForEvent([first](const QJsonObject &event) {
            return event.value(QLatin1String("id")).toInt() == first
                   && event.value(QLatin1String("state")).toString() == QLatin1String("terminated");
        });
        QVERIFY2(firstEnded, qPrintable(caller.missingEvent(QStringLiteral("terminated"))));
        QCOMPARE(firstEnded->value(QLatin1String("reason")).toString(),
                 QStringLiteral("transferred"));

        ringback.send(
                QStringLiteral("hangup %1").arg(referred->value(QLatin1String("id")).toInt()));
        target.waitForFinished();
        QVERIFY2(target.failure().isEmpty(), qPrintable(target.failure()));
        const QString failure = finishRun(caller, ringback);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void replacesNamingNoDialog()
    {
        QString error;
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY), .extraArguments = {}});
        QVERIFY2(ringback.start(&error), qPrintable(error));
        SippProcess sipp({.scenario = SippProcess::scenarioPath(
                                  QStringLiteral("replaces_unknown_dialog.xml")),
                          .remote = ringback.sipAddress().section(u':', 1)});
        const auto reportOnFailure = watchRun(sipp, ringback);
        QVERIFY2(sipp.start(&error), qPrintable(error));
        const QString failure = finishRun(sipp, ringback);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        for (const QJsonObject &event : ringback.events())
            QVERIFY2(event.value(QLatin1String("event")).toString() != QLatin1String("call"),
                     "a Replaces naming no dialog made a call");
    }

    void messagesBothWays()
    {
        QString error;
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY), .extraArguments = {}});
        QVERIFY2(ringback.start(&error), qPrintable(error));
        SippProcess receiver(
                {.scenario = SippProcess::scenarioPath(QStringLiteral("message_receiver.xml"))});
        const auto reportReceiver = watchRun(receiver, ringback);
        QVERIFY2(receiver.start(&error), qPrintable(error));
        ringback.send(QStringLiteral("message ") + receiver.uri() + QStringLiteral(" Hello there"));
        const auto sent = ringback.waitForEvent(messageEvent(QStringLiteral("outgoing")));
        QVERIFY2(sent, qPrintable(receiver.missingEvent(QStringLiteral("message sent"))));
        QCOMPARE(sent->value(QLatin1String("status")).toInt(), 200);
        QCOMPARE(sent->value(QLatin1String("to")).toString(), receiver.uri());
        receiver.waitForFinished();
        QVERIFY2(receiver.failure().isEmpty(), qPrintable(receiver.failure()));

        SippProcess sender(
                {.scenario = SippProcess::scenarioPath(QStringLiteral("incoming_message.xml")),
                 .remote = ringback.sipAddress().section(u':', 1)});
        const auto reportSender = watchRun(sender, ringback);
        QVERIFY2(sender.start(&error), qPrintable(error));
        const auto received = ringback.waitForEvent(messageEvent(QStringLiteral("incoming")));
        QVERIFY2(received, qPrintable(sender.missingEvent(QStringLiteral("message received"))));
        QCOMPARE(received->value(QLatin1String("text")).toString().trimmed(),
                 QStringLiteral("Hello from SIPp"));
        QCOMPARE(received->value(QLatin1String("name")).toString(), QStringLiteral("SIPp Sender"));
        QVERIFY(received->value(QLatin1String("from"))
                        .toString()
                        .startsWith(QStringLiteral("sip:sender@127.0.0.1:")));
        QCOMPARE(received->value(QLatin1String("inCall")).toBool(), false);
        const QString failure = finishRun(sender, ringback);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        int incoming = 0;
        for (const QJsonObject &event : ringback.events())
            incoming += event.value(QLatin1String("direction")).toString()
                                == QLatin1String("incoming")
                        && event.value(QLatin1String("event")).toString()
                                   == QLatin1String("message");
        QCOMPARE(incoming, 1); // the text/html one was refused
    }

    void presenceSubscription()
    {
        QString error;
        SippProcess sipp(
                {.scenario = SippProcess::scenarioPath(QStringLiteral("presence_notifier.xml"))});
        QVERIFY2(sipp.start(&error), qPrintable(error));
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY), .extraArguments = {}});
        const auto reportOnFailure = watchRun(sipp, ringback);
        QVERIFY2(ringback.start(&error), qPrintable(error));
        const QString subscription = QStringLiteral("subscription");

        ringback.send(QStringLiteral("subscribe ") + sipp.uri());
        const auto pending
                = ringback.waitForEvent(eventState(subscription, QStringLiteral("pending")));
        QVERIFY2(pending, qPrintable(sipp.missingEvent(QStringLiteral("pending"))));
        QCOMPARE(pending->value(QLatin1String("target")).toString(), sipp.uri());
        QCOMPARE(pending->value(QLatin1String("package")).toString(), QStringLiteral("presence"));
        const auto active
                = ringback.waitForEvent(eventState(subscription, QStringLiteral("active")));
        QVERIFY2(active, qPrintable(sipp.missingEvent(QStringLiteral("active"))));
        QCOMPARE(active->value(QLatin1String("basic")).toString(), QStringLiteral("open"));
        QCOMPARE(active->value(QLatin1String("note")).toString(), QStringLiteral("At my desk"));

        ringback.send(
                QStringLiteral("unsubscribe %1").arg(active->value(QLatin1String("id")).toInt()));
        const auto ended
                = ringback.waitForEvent(eventState(subscription, QStringLiteral("terminated")));
        QVERIFY2(ended, qPrintable(sipp.missingEvent(QStringLiteral("terminated"))));
        QCOMPARE(ended->value(QLatin1String("reason")).toString(), QStringLiteral("unsubscribed"));
        const QString failure = finishRun(sipp, ringback);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void presencePublication()
    {
        QString error;
        SippProcess sipp(
                {.scenario = SippProcess::scenarioPath(QStringLiteral("presence_compositor.xml"))});
        QVERIFY2(sipp.start(&error), qPrintable(error));
        const QString port = sipp.uri().section(u':', 2);
        HeadlessRingback ringback({.program = QStringLiteral(RINGBACK_BINARY),
                                   .extraArguments = {},
                                   .accounts = QStringLiteral("[alice]\naor=sip:alice@127.0.0.1:")
                                               + port + QStringLiteral("\nregister=false\n")});
        const auto reportOnFailure = watchRun(sipp, ringback);
        QVERIFY2(ringback.start(&error), qPrintable(error));
        const QString publication = QStringLiteral("publication");
        const auto published = [&](const QString &what) {
            const auto event
                    = ringback.waitForEvent(eventState(publication, QStringLiteral("published")));
            QVERIFY2(event, qPrintable(sipp.missingEvent(what)));
            QCOMPARE(event->value(QLatin1String("account")).toString(), QStringLiteral("alice"));
            QCOMPARE(event->value(QLatin1String("status")).toInt(), 200);
        };

        ringback.send(QStringLiteral("publish open Available"));
        published(QStringLiteral("published"));
        ringback.send(QStringLiteral("publish closed Gone home"));
        published(QStringLiteral("published again after the 412"));
        ringback.send(QStringLiteral("unpublish"));
        QVERIFY2(ringback.waitForEvent(eventState(publication, QStringLiteral("unpublished"))),
                 qPrintable(sipp.missingEvent(QStringLiteral("unpublished"))));
        for (const QJsonObject &event : ringback.events())
            QVERIFY2(event.value(QLatin1String("state")).toString() != QLatin1String("failed"),
                     "the 412 reached the user");
        const QString failure = finishRun(sipp, ringback);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void offerInTheReliable180()
    {
        QString error;
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY), .extraArguments = {}});
        QVERIFY2(ringback.start(&error), qPrintable(error));
        SippProcess sipp({.scenario = SippProcess::scenarioPath(
                                  QStringLiteral("incoming_offerless_reliable.xml")),
                          .remote = ringback.sipAddress().section(u':', 1)});
        QVERIFY(mulawfile::writeTone(QDir(sipp.directory()).filePath(QStringLiteral("early.ulaw")),
                                     1000, 1));
        const auto reportOnFailure = watchRun(sipp, ringback);
        QVERIFY2(sipp.start(&error), qPrintable(error));

        const auto answered = answerWhenRinging(ringback, sipp, &error);
        QVERIFY2(answered, qPrintable(error));
        const int id = *answered;
        // The answer in the PRACK took: the caller's RTP arrives and is played, in PCMU.
        const auto media = ringback.pollMedia([](const QJsonObject &figures) {
            return figures.value(QLatin1String("framesPlayed")).toInt() >= 25;
        });
        QVERIFY2(media && media->value(QLatin1String("framesPlayed")).toInt() >= 25,
                 qPrintable(
                         QStringLiteral("no audio from the caller: %1\n%2")
                                 .arg(QString::fromUtf8(QJsonDocument(media.value_or(QJsonObject()))
                                                                .toJson(QJsonDocument::Compact)))
                                 .arg(sipp.report())));
        QCOMPARE(media->value(QLatin1String("codec")).toString(), QStringLiteral("PCMU"));
        ringback.send(QStringLiteral("hangup %1").arg(id));
        const auto terminated
                = ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("terminated")));
        QVERIFY2(terminated, qPrintable(sipp.missingEvent(QStringLiteral("terminated"))));

        const QString failure = finishRun(sipp, ringback);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void midCall_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QList<Step>>("steps");
        QTest::addColumn<QString>("reason");

        const QString remoteHangup = QStringLiteral("remote-hangup");
        QTest::newRow("Ringback holds and resumes")
                << QStringLiteral("incoming_hold_resume.xml")
                << QList<Step>{{QStringLiteral("hold"), holdFields(true, false)},
                               {QStringLiteral("resume"), holdFields(false, false)}}
                << remoteHangup;
        QTest::newRow("the caller holds and resumes")
                << QStringLiteral("incoming_remote_hold.xml")
                << QList<Step>{{QString(), holdFields(false, true)},
                               {QString(), holdFields(false, false)}}
                << remoteHangup;
        QTest::newRow("100rel, then the caller holds and resumes by UPDATE")
                << QStringLiteral("incoming_reliable_update.xml")
                << QList<Step>{{QString(), holdFields(false, true)},
                               {QString(), holdFields(false, false)}}
                << remoteHangup;
        QTest::newRow("422, then the caller's session timer")
                << QStringLiteral("incoming_session_timer.xml") << QList<Step>{} << remoteHangup;
        QTest::newRow("re-INVITE glare")
                << QStringLiteral("incoming_reinvite_glare.xml")
                << QList<Step>{{QStringLiteral("hold"), holdFields(true, false)}} << remoteHangup;
        QTest::newRow("blind transfer by REFER")
                << QStringLiteral("incoming_refer_transfer.xml")
                << QList<Step>{{QStringLiteral("transfer sip:carol@127.0.0.1:5999"),
                                {{QStringLiteral("transfer"), QStringLiteral("accepted")}}}}
                << QStringLiteral("transferred");
        QTest::newRow("DTMF by INFO both ways")
                << QStringLiteral("incoming_dtmf_info.xml")
                << QList<Step>{{QString(), {{QStringLiteral("dtmf"), QStringLiteral("4#")}}},
                               {QStringLiteral("dtmf 7"), {}}}
                << remoteHangup;
    }

    void midCall()
    {
        QFETCH(QString, scenario);
        QFETCH(QList<Step>, steps);
        QFETCH(QString, reason);

        QString error;
        // DTMF by INFO: SIPp's calls have an audio stream, which would otherwise carry it.
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY),
                 .extraArguments = {QStringLiteral("--dtmf"), QStringLiteral("info")}});
        QVERIFY2(ringback.start(&error), qPrintable(error));
        SippProcess sipp({.scenario = SippProcess::scenarioPath(scenario),
                          .remote = ringback.sipAddress().section(u':', 1)});
        const auto reportOnFailure = watchRun(sipp, ringback);
        QVERIFY2(sipp.start(&error), qPrintable(error));

        const auto answered = answerWhenRinging(ringback, sipp, &error);
        QVERIFY2(answered, qPrintable(error));
        const int id = *answered;
        for (const Step &step : steps) {
            if (!step.command.isEmpty())
                ringback.send(step.command + QStringLiteral(" %1").arg(id));
            if (step.fields.isEmpty())
                continue;
            QVERIFY2(ringback.waitForEvent(connectedWith(step.fields)),
                     qPrintable(sipp.missingEvent(
                             QStringLiteral("connected with ")
                             + QString::fromUtf8(
                                     QJsonDocument(step.fields).toJson(QJsonDocument::Compact)))));
        }

        const auto terminated
                = ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("terminated")));
        QVERIFY2(terminated, qPrintable(sipp.missingEvent(QStringLiteral("terminated"))));
        QCOMPARE(terminated->value(QLatin1String("reason")).toString(), reason);

        const QString failure = finishRun(sipp, ringback);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }
};

QTEST_GUILESS_MAIN(tst_SippDialogs)
#include "tst_sippdialogs.moc"
