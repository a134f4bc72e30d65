// Covers calls between headless Ringback and baresip (Debian's baresip-core) on 127.0.0.1,
// each way: Ringback calls baresip, which answers at once, both see the call established, and
// Ringback's BYE ends it on both sides; baresip calls Ringback, the call rings with baresip's
// address as the caller, Ringback answers, both see it established, and Ringback's BYE ends
// it (baresip logs "session closed" as it takes the BYE). baresip streams a sine into the call; our
// SDP is still inactive audio (issue 6 brings media), which baresip accepts.
// With audio, each way, plain and with SRTP required on both sides (baresip's srtp module,
// mediaenc=srtp-mand): Ringback plays a 1100 Hz tone from a file and records what it hears;
// baresip plays its 440 Hz sine and its sndfile module records what it decodes; a Goertzel
// detector finds each side's tone in the other's recording, and no RTP packet fails SRTP
// authentication.
#include "interop/support/baresipprocess.h"
#include "interop/support/headlessringback.h"

#include "interop/support/tonefile.h"

#include <QDeadlineTimer>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

namespace {

/// Once Ringback's call is connected: baresip has it established too, Ringback's hangup ends
/// it with BYE answered 200, baresip takes the BYE, and Ringback quits cleanly.
void hangUpEstablishedCall(HeadlessRingback &ringback, BaresipProcess &baresip)
{
    QString error;
    QVERIFY2(baresip.waitForOutput("Call established"), "baresip did not establish the call");
    ringback.send(QStringLiteral("hangup"));
    const auto ended
            = ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("terminated")));
    QVERIFY2(ended, "the call did not end");
    QCOMPARE(ended->value(QLatin1String("reason")).toString(), QStringLiteral("hangup"));
    QCOMPARE(ended->value(QLatin1String("status")).toInt(), 200);
    QVERIFY2(baresip.waitForOutput("session closed"), "baresip did not end the call");
    QVERIFY2(ringback.errors().isEmpty(), qPrintable(ringback.errors()));
    QVERIFY2(ringback.quit(&error), qPrintable(error));
}

qint64 figure(const QJsonObject &media, const char *name)
{
    return media.value(QLatin1String(name)).toInteger(-1);
}

} // namespace

class tst_Baresip : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString missing = BaresipProcess::missingMessage(); !missing.isEmpty())
            QFAIL(qPrintable(missing));
    }

    void ringbackCallsBaresip()
    {
        QString error;
        BaresipProcess baresip({});
        QVERIFY2(baresip.start(&error), qPrintable(error));
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY), .extraArguments = {}});
        const auto reportOnFailure = qScopeGuard([&] {
            if (QTest::currentTestFailed())
                qWarning().noquote() << '\n' << baresip.report() << ringback.report();
        });
        QVERIFY2(ringback.start(&error), qPrintable(error));
        ringback.send(QStringLiteral("call ") + baresip.uri());
        const auto connected
                = ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("connected")));
        QVERIFY2(connected, "the call to baresip was not connected");
        QCOMPARE(connected->value(QLatin1String("status")).toInt(), 200);
        hangUpEstablishedCall(ringback, baresip); // QVERIFY there fails this test
    }

    void baresipCallsRingback()
    {
        QString error;
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY), .extraArguments = {}});
        QVERIFY2(ringback.start(&error), qPrintable(error));
        BaresipProcess baresip(
                {.dial = QStringLiteral("sip:ringback@") + ringback.sipAddress().section(u':', 1)});
        const auto reportOnFailure = qScopeGuard([&] {
            if (QTest::currentTestFailed())
                qWarning().noquote() << '\n' << baresip.report() << ringback.report();
        });
        QVERIFY2(baresip.start(&error), qPrintable(error));
        const auto ringing
                = ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("ringing")));
        QVERIFY2(ringing, "baresip's call did not ring");
        QCOMPARE(ringing->value(QLatin1String("from")).toString(), baresip.uri());
        ringback.send(QStringLiteral("answer"));
        QVERIFY2(ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("connected"))),
                 "the call from baresip was not connected");
        hangUpEstablishedCall(ringback, baresip); // QVERIFY there fails this test
    }

    void tonesCrossBothWays_data()
    {
        QTest::addColumn<bool>("ringbackCalls");
        QTest::addColumn<bool>("srtp");
        QTest::newRow("Ringback calls baresip") << true << false;
        QTest::newRow("baresip calls Ringback") << false << false;
        QTest::newRow("Ringback calls baresip, SRTP") << true << true;
        QTest::newRow("baresip calls Ringback, SRTP") << false << true;
    }
    void tonesCrossBothWays()
    {
        QFETCH(bool, ringbackCalls);
        QFETCH(bool, srtp);
        QTemporaryDir dir;
        const QString in = dir.filePath(QStringLiteral("in.wav"));
        const QString out = dir.filePath(QStringLiteral("out.wav"));
        constexpr double OurTone = 1100;
        QVERIFY(tonefile::writeTone(in, OurTone, 16000, 1.0));
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY),
                 .extraArguments
                 = {QStringLiteral("--srtp"),
                    srtp ? QStringLiteral("required") : QStringLiteral("off"),
                    QStringLiteral("--audio-in"), in, QStringLiteral("--audio-out"), out}});
        QString error;
        QVERIFY2(ringback.start(&error), qPrintable(error));
        BaresipProcess baresip({.dial = ringbackCalls
                                                ? QString()
                                                : QStringLiteral("sip:ringback@")
                                                          + ringback.sipAddress().section(u':', 1),
                                .mediaEncryption = srtp ? QStringLiteral("srtp-mand") : QString()});
        const auto reportOnFailure = qScopeGuard([&] {
            if (QTest::currentTestFailed())
                qWarning().noquote() << '\n' << baresip.report() << ringback.report();
        });
        QVERIFY2(baresip.start(&error), qPrintable(error));
        if (ringbackCalls) {
            ringback.send(QStringLiteral("call ") + baresip.uri());
        } else {
            QVERIFY(ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("ringing"))));
            ringback.send(QStringLiteral("answer"));
        }
        QVERIFY(ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("connected"))));
        QVERIFY2(baresip.waitForOutput("Call established"), "baresip did not establish the call");
        // Two seconds of baresip's audio played here; baresip hears ours as long.
        const QJsonObject media = ringback.pollMedia([](const QJsonObject &figures) {
                                              return figure(figures, "framesPlayed") >= 100;
                                          })
                                          .value_or(QJsonObject());
        QVERIFY(figure(media, "framesPlayed") >= 100);
        QCOMPARE(media.value(QLatin1String("srtp")).toString().isEmpty(), !srtp);
        QCOMPARE(figure(media, "packetsRejected"), 0);
        // baresip pings its RTCP port in the clear as the call starts (an RTCP APP packet,
        // "PINGPONG"), which is rightly dropped; nothing else may be.
        QVERIFY(figure(media, "reportsRejected") <= 1);
        ringback.send(QStringLiteral("hangup"));
        QVERIFY(ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("terminated"))));
        QVERIFY2(baresip.waitForOutput("session closed"), "baresip did not end the call");
        QVERIFY2(ringback.quit(&error), qPrintable(error));

        // What each heard: baresip's 440 Hz sine here, our 1100 Hz there.
        const struct
        {
            QString file;
            double tone;
            double minimum;
        } recordings[] = {{out, BaresipProcess::Tone, 1000}, {baresip.heardFile(), OurTone, 3000}};
        for (const auto &recording : recordings) {
            const auto level = tonefile::levelAfterFirstSound(recording.file, recording.tone);
            QVERIFY2(level && *level > recording.minimum,
                     qPrintable(QStringLiteral("%1: %2 Hz at %3")
                                        .arg(recording.file)
                                        .arg(recording.tone)
                                        .arg(level.value_or(-1))));
        }
    }
};

QTEST_GUILESS_MAIN(tst_Baresip)
#include "tst_baresip.moc"
