// Covers two Ringback instances talking through Kamailio as registrar and proxy with Digest
// authentication (tests/interop/kamailio/proxy.cfg, db_text subscribers, MD5 and SHA-256):
// both register from their accounts.ini (401 answered), alice calls "bob" (the bare name is
// called at her account's domain, through Kamailio; the 407 is answered), cancels while bob's
// phone rings (both calls end as cancelled, alice's with 487), calls again, bob answers, both
// are connected with SRTP (alice's account requires it, bob's allows it), alice hangs up (the BYE
// follows Kamailio's Record-Route) and both calls end; as they quit, both unregister. With Kamailio
// as presence server (presence.cfg: presence and presence_xml, Digest authentication), alice
// publishes her presence (PUBLISH of a PIDF, 407 answered), bob subscribes to it and is notified of
// it, alice changes it (SIP-If-Match) and bob is notified of the change, alice removes it and bob
// is notified of a closed presence; alice publishes again and quits, which removes it (bob is
// notified again), and bob quits, which ends his subscription. Everything runs on 127.0.0.1.
#include "interop/support/headlessringback.h"
#include "interop/support/kamailioprocess.h"

#include <QTest>

#include <memory>

namespace {

/// \a srtp: the account's srtp setting.
QString accountFor(const QString &user, const QString &password, quint16 port, const QString &srtp)
{
    return QStringLiteral("[%1]\naor=sip:%1@127.0.0.1:%2\npassword=%3\nsrtp=%4\n")
            .arg(user)
            .arg(port)
            .arg(password, srtp);
}

/// The state of the next registration event, or "none" when none came.
QString nextRegistration(HeadlessRingback &ringback)
{
    const auto event
            = ringback.waitForEvent(HeadlessRingback::eventNamed(QStringLiteral("registration")));
    return event ? event->value(QLatin1String("state")).toString() : QStringLiteral("none");
}

/// Kamailio running \a config with the users alice and bob, and a headless Ringback with an
/// account for each; start() starts them all and waits until both are registered. A failed
/// test gets the three reports.
struct AliceAndBob
{
    AliceAndBob(const QString &config, const QString &algorithm)
        : kamailio({.certificate = {},
                    .privateKey = {},
                    .config = config,
                    .subscribers = {{QStringLiteral("alice"), QStringLiteral("a-secret")},
                                    {QStringLiteral("bob"), QStringLiteral("b-secret")}},
                    .algorithm = algorithm})
    {}
    ~AliceAndBob()
    {
        if (QTest::currentTestFailed())
            qWarning().noquote() << '\n'
                                 << kamailio.report() << (alice ? alice->report() : QString())
                                 << (bob ? bob->report() : QString());
    }

    /// QVERIFYs: check QTest::currentTestFailed() after it.
    void start()
    {
        QString error;
        QVERIFY2(kamailio.start(&error), qPrintable(error));
        alice = std::make_unique<HeadlessRingback>(HeadlessRingback::Options{
                .program = QStringLiteral(RINGBACK_BINARY),
                .extraArguments = {},
                .accounts = accountFor(QStringLiteral("alice"), QStringLiteral("a-secret"),
                                       kamailio.port(), QStringLiteral("required"))});
        bob = std::make_unique<HeadlessRingback>(HeadlessRingback::Options{
                .program = QStringLiteral(RINGBACK_BINARY),
                .extraArguments = {},
                .accounts = accountFor(QStringLiteral("bob"), QStringLiteral("b-secret"),
                                       kamailio.port(), QStringLiteral("optional"))});
        QVERIFY2(alice->start(&error), qPrintable(error));
        QVERIFY2(bob->start(&error), qPrintable(error));
        QCOMPARE(nextRegistration(*alice), QStringLiteral("registered"));
        QCOMPARE(nextRegistration(*bob), QStringLiteral("registered"));
    }

    KamailioProcess kamailio;
    std::unique_ptr<HeadlessRingback> alice;
    std::unique_ptr<HeadlessRingback> bob;
};

/// The next subscription event in \a state (one with basic presence when \a withPresence).
std::optional<QJsonObject>
nextSubscription(HeadlessRingback &ringback, const QString &state, bool withPresence = false)
{
    return ringback.waitForEvent([&](const QJsonObject &event) {
        return event.value(QLatin1String("event")).toString() == QLatin1String("subscription")
               && event.value(QLatin1String("state")).toString() == state
               && (!withPresence || event.contains(QLatin1String("basic")));
    });
}

/// The state of the next publication event, or "none" when none came.
QString nextPublication(HeadlessRingback &ringback)
{
    const auto event
            = ringback.waitForEvent(HeadlessRingback::eventNamed(QStringLiteral("publication")));
    return event ? event->value(QLatin1String("state")).toString() : QStringLiteral("none");
}

/// A call event of call \a id (any id when 0) in \a state.
HeadlessRingback::Predicate callState(const QString &state, int id = 0)
{
    return [state, id](const QJsonObject &event) {
        return HeadlessRingback::callState(state)(event)
               && (id == 0 || event.value(QLatin1String("id")).toInt() == id);
    };
}

} // namespace

class tst_KamailioProxy : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString missing = KamailioProcess::missingMessage(); !missing.isEmpty())
            QFAIL(qPrintable(missing));
    }

    void callThroughKamailio_data()
    {
        QTest::addColumn<QString>("algorithm");
        QTest::newRow("MD5") << QStringLiteral("MD5");
        QTest::newRow("SHA-256") << QStringLiteral("SHA-256");
    }

    void callThroughKamailio()
    {
        QFETCH(QString, algorithm);
        QString error;
        AliceAndBob peers(QStringLiteral("proxy.cfg"), algorithm);
        peers.start();
        if (QTest::currentTestFailed())
            return;
        HeadlessRingback &alice = *peers.alice;
        HeadlessRingback &bob = *peers.bob;
        const KamailioProcess &kamailio = peers.kamailio;

        // First call: cancelled while bob's phone rings.
        alice.send(QStringLiteral("call bob"));
        const auto ringing = bob.waitForEvent(callState(QStringLiteral("ringing")));
        QVERIFY2(ringing, "bob's phone did not ring");
        QCOMPARE(ringing->value(QLatin1String("from")).toString(),
                 QStringLiteral("sip:alice@127.0.0.1:%1").arg(kamailio.port()));
        const auto aliceRinging = alice.waitForEvent(callState(QStringLiteral("ringing")));
        QVERIFY2(aliceRinging, "alice did not hear ringing");
        QCOMPARE(aliceRinging->value(QLatin1String("remote")).toString(),
                 QStringLiteral("sip:bob@127.0.0.1:%1").arg(kamailio.port()));
        const int first = aliceRinging->value(QLatin1String("id")).toInt();
        alice.send(QStringLiteral("hangup"));
        const auto aliceEnd = alice.waitForEvent(callState(QStringLiteral("terminated"), first));
        QVERIFY2(aliceEnd, "alice's cancelled call did not end");
        QCOMPARE(aliceEnd->value(QLatin1String("reason")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(aliceEnd->value(QLatin1String("status")).toInt(), 487);
        const auto bobEnd = bob.waitForEvent(callState(QStringLiteral("terminated")));
        QVERIFY2(bobEnd, "bob's phone did not stop ringing");
        QCOMPARE(bobEnd->value(QLatin1String("reason")).toString(), QStringLiteral("cancelled"));

        // Second call: answered, then alice hangs up.
        alice.send(QStringLiteral("call bob"));
        const auto ringingAgain = bob.waitForEvent(callState(QStringLiteral("ringing")));
        QVERIFY2(ringingAgain, "bob's phone did not ring again");
        const int incoming = ringingAgain->value(QLatin1String("id")).toInt();
        bob.send(QStringLiteral("answer %1").arg(incoming));
        const auto connected = alice.waitForEvent(callState(QStringLiteral("connected")));
        QVERIFY2(connected, "alice's call was not connected");
        const int second = connected->value(QLatin1String("id")).toInt();
        QVERIFY(second != first);
        QVERIFY2(bob.waitForEvent(callState(QStringLiteral("connected"), incoming)),
                 "bob's call was not connected");
        // Encrypted: alice's account requires SRTP, bob's (called at its Contact) allows it;
        // with the phone's own setting (off) bob would have refused the RTP/SAVP offer.
        for (HeadlessRingback *side : {&alice, &bob}) {
            side->send(QStringLiteral("media"));
            const auto media
                    = side->waitForEvent(HeadlessRingback::eventNamed(QStringLiteral("media")));
            QVERIFY(media);
            QCOMPARE(media->value(QLatin1String("srtp")).toString(),
                     QStringLiteral("AES_256_CM_HMAC_SHA1_80"));
        }
        alice.send(QStringLiteral("hangup %1").arg(second));
        const auto aliceHungUp
                = alice.waitForEvent(callState(QStringLiteral("terminated"), second));
        QVERIFY2(aliceHungUp, "alice's call did not end");
        QCOMPARE(aliceHungUp->value(QLatin1String("reason")).toString(), QStringLiteral("hangup"));
        QCOMPARE(aliceHungUp->value(QLatin1String("status")).toInt(), 200);
        const auto bobHungUp = bob.waitForEvent(callState(QStringLiteral("terminated"), incoming));
        QVERIFY2(bobHungUp, "bob's call did not end");
        QCOMPARE(bobHungUp->value(QLatin1String("reason")).toString(),
                 QStringLiteral("remote-hangup"));

        QVERIFY2(alice.quit(&error), qPrintable(error));
        QVERIFY2(bob.quit(&error), qPrintable(error));
        QCOMPARE(nextRegistration(alice), QStringLiteral("unregistered"));
        QCOMPARE(nextRegistration(bob), QStringLiteral("unregistered"));
        // Kamailio challenged with the row's algorithm, and Ringback answered it (its log names
        // the algorithm, never the credentials).
        const QString answered = QStringLiteral("answering the %1 challenge").arg(algorithm);
        QVERIFY2(alice.report().contains(answered), qPrintable(alice.report()));
        QVERIFY2(bob.report().contains(answered), qPrintable(bob.report()));
        QVERIFY(!alice.report().contains(QLatin1String("a-secret")));
        QVERIFY2(alice.errors().isEmpty(), qPrintable(alice.errors()));
        QVERIFY2(bob.errors().isEmpty(), qPrintable(bob.errors()));
    }

    void presenceThroughKamailio()
    {
        QString error;
        AliceAndBob peers(QStringLiteral("presence.cfg"), QStringLiteral("MD5"));
        peers.start();
        if (QTest::currentTestFailed())
            return;
        HeadlessRingback &alice = *peers.alice;
        HeadlessRingback &bob = *peers.bob;
        const KamailioProcess &kamailio = peers.kamailio;

        alice.send(QStringLiteral("publish open At my desk"));
        QCOMPARE(nextPublication(alice), QStringLiteral("publishing"));
        QCOMPARE(nextPublication(alice), QStringLiteral("published"));

        bob.send(QStringLiteral("subscribe alice"));
        const auto active = nextSubscription(bob, QStringLiteral("active"), true);
        QVERIFY2(active, "bob was not notified of alice's presence");
        QCOMPARE(active->value(QLatin1String("target")).toString(),
                 QStringLiteral("sip:alice@127.0.0.1:%1").arg(kamailio.port()));
        QCOMPARE(active->value(QLatin1String("basic")).toString(), QStringLiteral("open"));
        QCOMPARE(active->value(QLatin1String("note")).toString(), QStringLiteral("At my desk"));
        const int subscription = active->value(QLatin1String("id")).toInt();

        alice.send(QStringLiteral("publish closed In a meeting"));
        QCOMPARE(nextPublication(alice), QStringLiteral("publishing"));
        QCOMPARE(nextPublication(alice), QStringLiteral("published"));
        const auto changed = nextSubscription(bob, QStringLiteral("active"), true);
        QVERIFY2(changed, "bob was not notified of alice's change");
        QCOMPARE(changed->value(QLatin1String("basic")).toString(), QStringLiteral("closed"));
        QCOMPARE(changed->value(QLatin1String("note")).toString(), QStringLiteral("In a meeting"));

        // Without a publication Kamailio notifies a closed document with no note.
        alice.send(QStringLiteral("unpublish"));
        QCOMPARE(nextPublication(alice), QStringLiteral("publishing"));
        QCOMPARE(nextPublication(alice), QStringLiteral("unpublished"));
        const auto removed = nextSubscription(bob, QStringLiteral("active"), true);
        QVERIFY2(removed, "bob was not notified of the removal");
        QCOMPARE(removed->value(QLatin1String("basic")).toString(), QStringLiteral("closed"));
        QVERIFY2(!removed->contains(QLatin1String("note")), "the removed note is still shown");

        // Quitting removes alice's presence again, and ends bob's subscription.
        alice.send(QStringLiteral("publish open Back soon"));
        QCOMPARE(nextPublication(alice), QStringLiteral("publishing"));
        QCOMPARE(nextPublication(alice), QStringLiteral("published"));
        const auto back = nextSubscription(bob, QStringLiteral("active"), true);
        QVERIFY2(back, "bob was not notified of alice's return");
        QCOMPARE(back->value(QLatin1String("note")).toString(), QStringLiteral("Back soon"));
        QVERIFY2(alice.quit(&error), qPrintable(error));
        QCOMPARE(nextPublication(alice), QStringLiteral("publishing"));
        QCOMPARE(nextPublication(alice), QStringLiteral("unpublished"));
        const auto gone = nextSubscription(bob, QStringLiteral("active"), true);
        QVERIFY2(gone, "bob was not notified that alice quit");
        QCOMPARE(gone->value(QLatin1String("basic")).toString(), QStringLiteral("closed"));
        QVERIFY2(!gone->contains(QLatin1String("note")), "alice's note outlived her quitting");
        QVERIFY2(bob.quit(&error), qPrintable(error));
        const auto ended = nextSubscription(bob, QStringLiteral("terminated"));
        QVERIFY2(ended, "bob's subscription did not end as he quit");
        QCOMPARE(ended->value(QLatin1String("reason")).toString(), QStringLiteral("unsubscribed"));
        QCOMPARE(ended->value(QLatin1String("id")).toInt(), subscription);
        QVERIFY2(alice.errors().isEmpty(), qPrintable(alice.errors()));
        QVERIFY2(bob.errors().isEmpty(), qPrintable(bob.errors()));
    }
};

QTEST_GUILESS_MAIN(tst_KamailioProxy)
#include "tst_kamailioproxy.moc"
