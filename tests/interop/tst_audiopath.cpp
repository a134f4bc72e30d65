// Covers the audio path end to end: one headless Ringback calls another over the loopback,
// each playing a sine tone from a WAV file (--audio-in) and recording what it hears
// (--audio-out), once per codec (the caller offers only that one, --codecs); a Goertzel
// detector finds the far side's tone, and not its own, in each recording, at close to the
// level sent. The wait is for the media figures (headless "media") to show two seconds
// of audio played (asked for every tenth of a second), not for a fixed time. In the Opus
// row each side also waits for RTCP: the peer's reports give a round trip, no loss and a MOS
// estimate of a clean call. Calling "echo" brings our own tone back. DTMF crosses both ways as
// RFC 4733 events, as in-band tones, and by SIP INFO.
#include "interop/support/headlessringback.h"
#include "interop/support/tonefile.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr double CallerTone = 440;
constexpr double CalleeTone = 1100;

/// Asks \a side for its media figures every tenth of a second until \a done accepts them or
/// 30 s pass; the last figures (nullopt when no event came).
template<class Done>
std::optional<QJsonObject> pollMedia(HeadlessRingback &side, Done done)
{
    std::optional<QJsonObject> media;
    QDeadlineTimer deadline(std::chrono::seconds(30));
    while (!deadline.hasExpired()) {
        side.send(QStringLiteral("media"));
        media = side.waitForEvent(HeadlessRingback::eventNamed(QStringLiteral("media")));
        if (!media || done(*media))
            break;
        QTest::qWait(100);
    }
    return media;
}

} // namespace

class tst_AudioPath : public QObject
{
    Q_OBJECT

    /// Starts both, has \a caller call \a callee and \a callee answer.
    void connectCall(HeadlessRingback &caller, HeadlessRingback &callee)
    {
        QString error;
        QVERIFY2(caller.start(&error), qPrintable(error));
        QVERIFY2(callee.start(&error), qPrintable(error));
        const QString address = callee.sipAddress().section(QLatin1Char(':'), 1);
        caller.send(QStringLiteral("call sip:callee@") + address);
        QVERIFY2(callee.waitForEvent(HeadlessRingback::callState(QStringLiteral("ringing"))),
                 qPrintable(callee.report()));
        callee.send(QStringLiteral("answer"));
        QVERIFY2(caller.waitForEvent(HeadlessRingback::callState(QStringLiteral("connected"))),
                 qPrintable(caller.report()));
    }

private Q_SLOTS:
    void tonesCrossBothWays_data()
    {
        QTest::addColumn<QString>("codec");
        QTest::addColumn<QString>("expected"); ///< the encoding name the media event reports
        QTest::addColumn<bool>("rtcp");        ///< wait for the RTCP figures too
        QTest::newRow("opus") << "opus"
                              << "opus" << true;
        QTest::newRow("G722") << "G722"
                              << "G722" << false;
        QTest::newRow("PCMU") << "PCMU"
                              << "PCMU" << false;
        QTest::newRow("PCMA") << "PCMA"
                              << "PCMA" << false;
    }
    void tonesCrossBothWays()
    {
        QFETCH(QString, codec);
        QFETCH(QString, expected);
        QFETCH(bool, rtcp);
        QTemporaryDir dir;
        const QString callerIn = dir.filePath(QStringLiteral("caller-in.wav"));
        const QString calleeIn = dir.filePath(QStringLiteral("callee-in.wav"));
        const QString callerOut = dir.filePath(QStringLiteral("caller-out.wav"));
        const QString calleeOut = dir.filePath(QStringLiteral("callee-out.wav"));
        // Different rates on purpose: each side resamples its file.
        QVERIFY(tonefile::writeTone(callerIn, CallerTone, 8000, 1.0));
        QVERIFY(tonefile::writeTone(calleeIn, CalleeTone, 44100, 1.0));

        QString error;
        {
            HeadlessRingback caller(HeadlessRingback::Options{
                    .program = QStringLiteral(RINGBACK_BINARY),
                    .extraArguments
                    = {QStringLiteral("--codecs"), codec, QStringLiteral("--audio-in"), callerIn,
                       QStringLiteral("--audio-out"), callerOut}});
            HeadlessRingback callee(HeadlessRingback::Options{
                    .program = QStringLiteral(RINGBACK_BINARY),
                    .extraArguments = {QStringLiteral("--audio-in"), calleeIn,
                                       QStringLiteral("--audio-out"), calleeOut}});
            connectCall(caller, callee);
            if (QTest::currentTestFailed())
                return;

            // Until both have played two seconds of the other's audio: the figures are asked
            // for every tenth of a second, within a generous deadline.
            for (HeadlessRingback *side : {&caller, &callee}) {
                const auto media = pollMedia(*side, [](const QJsonObject &figures) {
                    return figures.value(QLatin1String("framesPlayed")).toInt() >= 100;
                });
                QVERIFY2(media, qPrintable(side->report()));
                QVERIFY2(media->value(QLatin1String("framesPlayed")).toInt() >= 100,
                         qPrintable(side->report()));
                QCOMPARE(media->value(QLatin1String("codec")).toString(), expected);
                QCOMPARE(media->value(QLatin1String("packetsLost")).toInt(), 0);
            }
            // The first reports go out 1–3 s in, the answers to them 2–6 s later.
            for (HeadlessRingback *side :
                 rtcp ? std::vector{&caller, &callee} : std::vector<HeadlessRingback *>{}) {
                const auto media = pollMedia(*side, [](const QJsonObject &figures) {
                    return figures.value(QLatin1String("rttMs")).isDouble();
                });
                QVERIFY2(media && media->value(QLatin1String("rttMs")).isDouble(),
                         qPrintable(side->report()));
                const QByteArray figures = QJsonDocument(*media).toJson(QJsonDocument::Compact);
                // The loopback's round trip is well under a millisecond; the rest is how
                // soon each process gets to run.
                const double roundTrip = media->value(QLatin1String("rttMs")).toDouble();
                QVERIFY2(roundTrip >= 0 && roundTrip < 200, figures.constData());
                QVERIFY2(media->value(QLatin1String("reportsReceived")).toInt() >= 1,
                         figures.constData());
                QVERIFY2(media->value(QLatin1String("remotePacketsLost")).toInt(-1) == 0,
                         figures.constData());
                QVERIFY2(media->value(QLatin1String("mos")).toDouble() > 4.3, figures.constData());
            }
            caller.send(QStringLiteral("hangup"));
            QVERIFY2(callee.waitForEvent(HeadlessRingback::callState(QStringLiteral("terminated"))),
                     qPrintable(callee.report()));
            QVERIFY2(caller.quit(&error), qPrintable(error));
            QVERIFY2(callee.quit(&error), qPrintable(error));
        }

        const struct
        {
            QString file;
            double hears;
            double sent;
        } sides[] = {{callerOut, CalleeTone, CallerTone}, {calleeOut, CallerTone, CalleeTone}};
        for (const auto &side : sides) {
            const auto audio = tonefile::readWav(side.file);
            QVERIFY2(audio, qPrintable(side.file));
            const auto start = tonefile::firstSound(*audio);
            QVERIFY2(start, "nothing was heard");
            // One second from a tenth of a second after the sound began (past any ramp).
            const std::size_t begin = *start + audio->sampleRate / 10;
            const std::size_t end = begin + audio->sampleRate;
            QVERIFY(end <= audio->samples.size());
            const double heard = tonefile::amplitude(*audio, side.hears, begin, end);
            const double own = tonefile::amplitude(*audio, side.sent, begin, end);
            const QByteArray figures = QStringLiteral("%1 Hz at %2, own %3 Hz at %4")
                                               .arg(side.hears)
                                               .arg(heard)
                                               .arg(side.sent)
                                               .arg(own)
                                               .toUtf8();
            // Sent at 8000: the codecs keep it within a few per cent; no echo of our own.
            QVERIFY2(heard > 6000 && heard < 10000, figures.constData());
            QVERIFY2(own < heard / 100, figures.constData());
        }
    }

    void echoTestPlaysYourVoiceBack()
    {
        QTemporaryDir dir;
        const QString in = dir.filePath(QStringLiteral("in.wav"));
        const QString out = dir.filePath(QStringLiteral("out.wav"));
        QVERIFY(tonefile::writeTone(in, CallerTone, 16000, 1.0));
        {
            HeadlessRingback ringback(HeadlessRingback::Options{
                    .program = QStringLiteral(RINGBACK_BINARY),
                    .extraArguments
                    = {QStringLiteral("--audio-in"), in, QStringLiteral("--audio-out"), out}});
            QString error;
            QVERIFY2(ringback.start(&error), qPrintable(error));
            const auto connected = ringback.callEcho();
            QVERIFY2(connected, qPrintable(ringback.report()));
            QVERIFY(connected->value(QLatin1String("remote"))
                            .toString()
                            .startsWith(QLatin1String("sip:echo@127.0.0.1:")));
            const auto media = pollMedia(ringback, [](const QJsonObject &figures) {
                return figures.value(QLatin1String("framesPlayed")).toInt() >= 100;
            });
            QVERIFY2(media && media->value(QLatin1String("framesPlayed")).toInt() >= 100,
                     qPrintable(ringback.report()));
            QCOMPARE(media->value(QLatin1String("codec")).toString(), QStringLiteral("opus"));
            ringback.send(QStringLiteral("hangup"));
            QVERIFY2(ringback.waitForEvent(
                             HeadlessRingback::callState(QStringLiteral("terminated"))),
                     qPrintable(ringback.report()));
            QVERIFY2(ringback.quit(&error), qPrintable(error));
        }
        // What we sent comes back: our tone, at close to the level sent.
        const auto audio = tonefile::readWav(out);
        QVERIFY(audio);
        const auto start = tonefile::firstSound(*audio);
        QVERIFY2(start, "nothing came back");
        const std::size_t begin = *start + audio->sampleRate / 10;
        const std::size_t end = begin + audio->sampleRate;
        QVERIFY(end <= audio->samples.size());
        const double heard = tonefile::amplitude(*audio, CallerTone, begin, end);
        QVERIFY2(heard > 6000 && heard < 10000, QByteArray::number(heard));
    }

    void digitsCrossBothWays_data()
    {
        QTest::addColumn<QStringList>("callerArguments");
        QTest::addColumn<QString>("via"); ///< how the caller's digits go: events, tones or info
        QTest::newRow("RFC 4733 events, Opus")
                << QStringList{QStringLiteral("--codecs"), QStringLiteral("opus")} << "events";
        QTest::newRow("in-band tones, PCMU")
                << QStringList{QStringLiteral("--codecs"), QStringLiteral("PCMU"),
                               QStringLiteral("--dtmf"), QStringLiteral("inband")}
                << "tones";
        QTest::newRow("in-band tones, Opus")
                << QStringList{QStringLiteral("--codecs"), QStringLiteral("opus"),
                               QStringLiteral("--dtmf"), QStringLiteral("inband")}
                << "tones";
        QTest::newRow("SIP INFO from the caller")
                << QStringList{QStringLiteral("--dtmf"), QStringLiteral("info")} << "info";
    }
    void digitsCrossBothWays()
    {
        QFETCH(QStringList, callerArguments);
        QFETCH(QString, via);
        HeadlessRingback caller(HeadlessRingback::Options{
                .program = QStringLiteral(RINGBACK_BINARY), .extraArguments = callerArguments});
        HeadlessRingback callee(HeadlessRingback::Options{
                .program = QStringLiteral(RINGBACK_BINARY), .extraArguments = {}});
        connectCall(caller, callee);
        if (QTest::currentTestFailed())
            return;
        const auto heard = [](const QString &digits) {
            return [digits](const QJsonObject &event) {
                return event.value(QLatin1String("event")).toString() == QLatin1String("call")
                       && event.value(QLatin1String("dtmf")).toString() == digits;
            };
        };
        // On failure: the receiver's media figures and events.
        const auto explain = [](HeadlessRingback &side) {
            side.send(QStringLiteral("media"));
            const auto media
                    = side.waitForEvent(HeadlessRingback::eventNamed(QStringLiteral("media")));
            return (media ? QJsonDocument(*media).toJson(QJsonDocument::Compact)
                          : QByteArray("none"))
                   + "\n" + side.report().toUtf8();
        };
        caller.send(QStringLiteral("dtmf 159*0#D"));
        QVERIFY2(callee.waitForEvent(heard(QStringLiteral("159*0#D"))),
                 explain(callee).constData());
        callee.send(QStringLiteral("dtmf 2468A"));
        QVERIFY2(caller.waitForEvent(heard(QStringLiteral("2468A"))), explain(caller).constData());

        // Whether the digits went in the stream: the caller's as events or tones, or not at
        // all (INFO).
        callee.send(QStringLiteral("media"));
        const auto media
                = callee.waitForEvent(HeadlessRingback::eventNamed(QStringLiteral("media")));
        QVERIFY2(media, qPrintable(callee.report()));
        const QByteArray figures = QJsonDocument(*media).toJson(QJsonDocument::Compact);
        QVERIFY2(media->value(QLatin1String("dtmfEvents")).toInt()
                         == (via == QLatin1String("events") ? 7 : 0),
                 figures.constData());
        QVERIFY2(media->value(QLatin1String("dtmfTones")).toInt()
                         == (via == QLatin1String("tones") ? 7 : 0),
                 figures.constData());

        QString error;
        caller.send(QStringLiteral("hangup"));
        QVERIFY2(callee.waitForEvent(HeadlessRingback::callState(QStringLiteral("terminated"))),
                 qPrintable(callee.report()));
        QVERIFY2(caller.quit(&error), qPrintable(error));
        QVERIFY2(callee.quit(&error), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(tst_AudioPath)
#include "tst_audiopath.moc"
