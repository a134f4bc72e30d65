// Covers Phone: what a person types becomes a SIP URI or a sentence saying what to fix;
// dialling before the phone listens is refused; a started phone reports its address; and
// call waiting: three phones on the loopback, where answering a second call puts the
// connected first one on hold (once the first caller's phone agrees) and hanging up the
// second leaves the first on hold until it is resumed; blind and attended transfer with three
// phones, where the transferee's phone makes the new call (referredBy), the target's phone takes
// a replacing call without ringing (replaces), and the transferor's calls end as transferred.
#include "call.h"
#include "phone.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

namespace {

Phone::Options loopback(quint16 port = 0)
{
    Phone::Options options;
    options.listenHost = QStringLiteral("127.0.0.1");
    options.listenPort = port;
    return options;
}

/// Starts \a phone and returns its "sip:user@127.0.0.1:port" address.
QString started(Phone &phone)
{
    QSignalSpy spy(&phone, &Phone::started);
    phone.start();
    if (!spy.wait(10000))
        qFatal("the phone did not start");
    return QStringLiteral("sip:ringback@") + phone.sipAddress().section(QLatin1Char(':'), 1);
}

/// Waits until \a call satisfies \a predicate, on its changes.
template<class Predicate>
bool waitFor(Call *call, Predicate predicate)
{
    QSignalSpy changed(call, &Call::changed);
    while (!predicate(*call)) {
        if (!changed.wait(10000))
            return false;
    }
    return true;
}

/// The incoming call \a phone announces next, once it rings.
Call *nextIncoming(Phone &phone)
{
    QSignalSpy incoming(&phone, &Phone::incomingCall);
    if (!incoming.wait(10000))
        return nullptr;
    return qvariant_cast<Call *>(incoming.first().first());
}

bool connected(const Call &call)
{
    return call.state() == Call::State::Connected;
}

bool ended(const Call &call)
{
    return call.state() == Call::State::Terminated;
}

/// alice, bob and carol, started.
struct ThreePhones
{
    ThreePhones()
    {
        started(phones[0]);
        bobAddress = started(phones[1]);
        carolAddress = started(phones[2]);
    }
    std::array<Phone, 3> phones{Phone(loopback()), Phone(loopback()), Phone(loopback())};
    QString bobAddress;
    QString carolAddress;
};

/// Waits for \a call to end, and tells whether it ended as transferred.
bool endsTransferred(Call *call)
{
    return waitFor(call, ended) && call->endReason() == Call::EndReason::Transferred;
}

/// The call \a phone adds next (outgoing or incoming).
Call *nextAdded(Phone &phone)
{
    QSignalSpy added(&phone, &Phone::callAdded);
    if (!added.wait(10000))
        return nullptr;
    return qvariant_cast<Call *>(added.first().first());
}

/// A call from \a caller to \a address, answered by \a callee: the caller's and callee's
/// Call, or nullptrs.
std::pair<Call *, Call *> answeredCall(Phone &caller, Phone &callee, const QString &address)
{
    Call *outgoing = caller.dial(address);
    Call *incoming = outgoing ? nextIncoming(callee) : nullptr;
    if (!incoming)
        return {};
    incoming->answer();
    if (!waitFor(incoming, connected) || !waitFor(outgoing, connected))
        return {};
    return {outgoing, incoming};
}

} // namespace

class tst_Phone : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalizeAddress_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected"); // empty: refused
        QTest::newRow("full uri") << "sip:alice@example.com"
                                  << "sip:alice@example.com";
        QTest::newRow("sips") << "sips:alice@example.com"
                              << "sips:alice@example.com";
        QTest::newRow("upper-case scheme") << "SIP:bob@127.0.0.1"
                                           << "sip:bob@127.0.0.1";
        QTest::newRow("user at host") << "alice@example.com"
                                      << "sip:alice@example.com";
        QTest::newRow("host and port") << "127.0.0.1:5080"
                                       << "sip:127.0.0.1:5080";
        QTest::newRow("spaces around") << "  bob@192.0.2.7  "
                                       << "sip:bob@192.0.2.7";
        QTest::newRow("ipv6") << "sip:bob@[::1]:5080"
                              << "sip:bob@[::1]:5080";
        QTest::newRow("empty") << ""
                               << "";
        QTest::newRow("other scheme") << "tel:+4930123"
                                      << "";
        QTest::newRow("http") << "http://example.com"
                              << "";
        QTest::newRow("bad port") << "sip:bob@host:99999"
                                  << "";
    }
    void normalizeAddress()
    {
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QString error;
        const QString result = Phone::normalizeAddress(input, &error);
        QCOMPARE(result, expected);
        QCOMPARE(error.isEmpty(), !expected.isEmpty());
    }

    void dialBeforeReadyIsRefused()
    {
        Phone phone(loopback());
        QString error;
        QVERIFY(!phone.dial(QStringLiteral("sip:bob@127.0.0.1:5080"), &error));
        QVERIFY(error.contains(QStringLiteral("not listening")));
    }

    void startReportsAddress()
    {
        Phone phone(loopback());
        QSignalSpy started(&phone, &Phone::started);
        phone.start();
        QVERIFY(started.wait(10000));
        QVERIFY(phone.isReady());
        QVERIFY(phone.sipAddress().startsWith(QStringLiteral("udp:127.0.0.1:")));
        QVERIFY(!phone.sipAddress().endsWith(QStringLiteral(":0")));
    }

    void answeringASecondCallHoldsTheFirst()
    {
        Phone alice(loopback()), bob(loopback()), carol(loopback());
        started(alice);
        started(bob);
        const QString carolAddress = started(carol);

        Call *fromAlice = alice.dial(carolAddress);
        QVERIFY(fromAlice);
        Call *atCarol1 = nextIncoming(carol);
        QVERIFY(atCarol1);
        atCarol1->answer();
        QVERIFY(waitFor(atCarol1, connected));
        QVERIFY(waitFor(fromAlice, connected));

        Call *fromBob = bob.dial(carolAddress);
        QVERIFY(fromBob);
        Call *atCarol2 = nextIncoming(carol);
        QVERIFY(atCarol2);
        QVERIFY(!atCarol1->isHeld()); // ringing changes nothing
        atCarol2->answer();
        QVERIFY(waitFor(atCarol1, [](const Call &call) { return call.isHeld(); }));
        QVERIFY(waitFor(atCarol2, connected));
        QVERIFY(!atCarol2->isHeld());
        // alice's phone agreed (carol's held is set by alice's 200). That alice is held cannot
        // show on her side yet: without media both streams are inactive, held or not.
        QVERIFY(connected(*fromAlice));

        atCarol2->hangup();
        QVERIFY(waitFor(fromBob,
                        [](const Call &call) { return call.state() == Call::State::Terminated; }));
        QVERIFY(atCarol1->isHeld()); // hanging up one call resumes nothing by itself
        atCarol1->resume();
        QVERIFY(waitFor(atCarol1, [](const Call &call) { return !call.isHeld(); }));
        QVERIFY(connected(*fromAlice));
    }

    void blindTransferConnectsTheOtherTwo()
    {
        ThreePhones p;
        auto &[alice, bob, carol] = p.phones;
        const QString &carolAddress = p.carolAddress;
        const auto [aliceToBob, atBob] = answeredCall(alice, bob, p.bobAddress);
        QVERIFY(aliceToBob && atBob);

        QSignalSpy bobAdded(&bob, &Phone::callAdded);
        aliceToBob->transfer(carolAddress);
        Call *atCarol = nextIncoming(carol);
        QVERIFY(atCarol);
        QCOMPARE(bobAdded.size(), 1);
        Call *bobToCarol = qvariant_cast<Call *>(bobAdded.first().first());
        QCOMPARE(bobToCarol->direction(), Call::Direction::Outgoing);
        QCOMPARE(bobToCarol->referredBy(), atBob->id());
        QCOMPARE(bobToCarol->remoteUri(), carolAddress);
        QVERIFY(waitFor(aliceToBob,
                        [](const Call &call) { return call.transferState() == "accepted"; }));

        atCarol->answer();
        QVERIFY(waitFor(bobToCarol, connected));
        QVERIFY(endsTransferred(aliceToBob));
        QCOMPARE(aliceToBob->transferState(), QStringLiteral("succeeded"));
        QVERIFY(endsTransferred(atBob));
        QVERIFY(waitFor(atCarol, connected)); // carol connects at the ACK
        QVERIFY(connected(*bobToCarol));
    }

    void attendedTransferConnectsTheOtherTwo()
    {
        ThreePhones p;
        auto &[alice, bob, carol] = p.phones;
        const QString &carolAddress = p.carolAddress;
        const auto [aliceToBob, atBob] = answeredCall(alice, bob, p.bobAddress);
        QVERIFY(aliceToBob && atBob);
        const auto [aliceToCarol, atCarol] = answeredCall(alice, carol, carolAddress);
        QVERIFY(aliceToCarol && atCarol);
        QVERIFY(waitFor(aliceToBob, [](const Call &call) { return call.isHeld(); }));

        QSignalSpy bobAdded(&bob, &Phone::callAdded);
        QSignalSpy carolRings(&carol, &Phone::incomingCall);
        aliceToBob->transferToCall(aliceToCarol);
        Call *carolReplaced = nextAdded(carol);
        QVERIFY(carolReplaced);
        QCOMPARE(carolReplaced->direction(), Call::Direction::Incoming);
        QCOMPARE(carolReplaced->replaces(), atCarol->id());
        QCOMPARE(bobAdded.size(), 1);
        Call *bobToCarol = qvariant_cast<Call *>(bobAdded.first().first());
        QCOMPARE(bobToCarol->referredBy(), atBob->id());

        // Carol's phone answers the replacing call itself and ends its call with alice.
        QVERIFY(waitFor(carolReplaced, connected));
        QVERIFY(waitFor(bobToCarol, connected));
        QCOMPARE(carolRings.size(), 0);
        QVERIFY(endsTransferred(atCarol));
        QVERIFY(endsTransferred(aliceToCarol));
        QVERIFY(endsTransferred(aliceToBob));
        QCOMPARE(aliceToBob->transferState(), QStringLiteral("succeeded"));
        QVERIFY(endsTransferred(atBob));
        QVERIFY(connected(*bobToCarol));
        QVERIFY(connected(*carolReplaced));
    }

    void startFailureIsASentence()
    {
        Phone first(loopback());
        QSignalSpy started(&first, &Phone::started);
        first.start();
        QVERIFY(started.wait(10000));
        const quint16 taken = first.sipAddress().section(QLatin1Char(':'), -1).toUShort();
        Phone second(loopback(taken));
        QSignalSpy failed(&second, &Phone::startFailed);
        second.start();
        QVERIFY(failed.wait(10000));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(QStringLiteral("over UDP on 127.0.0.1:%1").arg(taken)),
                 qPrintable(message));
        QVERIFY(!second.isReady());
    }

    void takenTcpPortIsNamed()
    {
        // TCP listens on UDP's port: a port only TCP holds fails the start, naming TCP.
        QTcpServer holder;
        QVERIFY(holder.listen(QHostAddress::LocalHost, 0));
        Phone phone(loopback(holder.serverPort()));
        QSignalSpy failed(&phone, &Phone::startFailed);
        phone.start();
        QVERIFY(failed.wait(10000));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(
                         QStringLiteral("over TCP on 127.0.0.1:%1").arg(holder.serverPort())),
                 qPrintable(message));
    }

    void unloadableTlsCertificateIsNamed()
    {
        QTemporaryDir dir;
        const QString notPem = dir.filePath(QStringLiteral("cert.pem"));
        QFile file(notPem);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("not a certificate\n");
        file.close();
        Phone::Options options = loopback();
        options.tlsCertificate = notPem;
        options.tlsPrivateKey = notPem;
        Phone phone(options);
        QSignalSpy failed(&phone, &Phone::startFailed);
        phone.start();
        QVERIFY(failed.wait(10000));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.startsWith(QStringLiteral("Cannot use TLS: cannot load the TLS "
                                                   "certificate %1")
                                            .arg(notPem)),
                 qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(tst_Phone)
#include "tst_phone.moc"
