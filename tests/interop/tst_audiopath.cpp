// Covers the audio path end to end: one headless Ringback calls another over the loopback,
// each playing a sine tone from a WAV file (--audio-in) and recording what it hears
// (--audio-out), once per codec (the caller offers only that one, --codecs); a Goertzel
// detector finds the far side's tone, and not its own, in each recording, at close to the
// level sent. The wait is for the media figures (headless "media") to show two seconds
// of audio played (asked for every tenth of a second), not for a fixed time. In the Opus
// row each side also waits for RTCP: the peer's reports give a round trip, no loss and a MOS
// estimate of a clean call. SRTP rows (--srtp) check the suite both sides report and that no
// packet failed authentication; with SRTP required on one side only, the call is refused
// (488). Through hold and resume (re-INVITEs, SRTP on) the held side's callee stops sending
// and the tones cross again after. Calling "echo" brings our own tone back, plain or under
// SRTP. DTMF crosses both ways as RFC 4733 events, as in-band tones, and by SIP INFO.
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

qint64 figure(const QJsonObject &media, const char *name)
{
    return media.value(QLatin1String(name)).toInteger(-1);
}

/// The two tone files, the recordings, and each side's arguments for them.
struct ToneFiles
{
    QTemporaryDir dir;
    QString callerOut = dir.filePath(QStringLiteral("caller-out.wav"));
    QString calleeOut = dir.filePath(QStringLiteral("callee-out.wav"));
    QString callerIn = dir.filePath(QStringLiteral("caller-in.wav"));
    QString calleeIn = dir.filePath(QStringLiteral("callee-in.wav"));

    /// Writes the inputs: different rates on purpose, each side resamples its file.
    bool write()
    {
        return tonefile::writeTone(callerIn, CallerTone, 8000, 1.0)
               && tonefile::writeTone(calleeIn, CalleeTone, 44100, 1.0);
    }
    QStringList caller() const
    {
        return {QStringLiteral("--audio-in"), callerIn, QStringLiteral("--audio-out"), callerOut};
    }
    QStringList callee() const
    {
        return {QStringLiteral("--audio-in"), calleeIn, QStringLiteral("--audio-out"), calleeOut};
    }
};

/// Each recording holds the far side's tone, at close to the level sent, and not its own: in
/// the second from a tenth of a second after the first sound, or with \a atEnd the second
/// before the last 0.2 s.
void checkRecordings(const ToneFiles &files, bool atEnd = false)
{
    const struct
    {
        QString file;
        double hears;
        double sent;
    } sides[] = {{files.callerOut, CalleeTone, CallerTone},
                 {files.calleeOut, CallerTone, CalleeTone}};
    for (const auto &side : sides) {
        const auto audio = tonefile::readWav(side.file);
        QVERIFY2(audio, qPrintable(side.file));
        const std::size_t last = audio->sampleRate * 12 / 10;
        const auto start = atEnd ? std::optional(audio->samples.size()
                                                 - std::min(last, audio->samples.size()))
                                 : tonefile::firstSound(*audio);
        QVERIFY2(start, "nothing was heard");
        // One second from a tenth of a second after the sound began (past any ramp).
        const std::size_t begin = *start + (atEnd ? 0 : audio->sampleRate / 10);
        const std::size_t end = begin + audio->sampleRate;
        QVERIFY2(end <= audio->samples.size(), qPrintable(side.file));
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
        QTest::addColumn<QString>("callerSrtp");
        QTest::addColumn<QString>("calleeSrtp");
        QTest::addColumn<QString>("suite"); ///< the SRTP suite both report; empty: plain RTP
        const QString off = QStringLiteral("off");
        const QString optional = QStringLiteral("optional");
        const QString required = QStringLiteral("required");
        const QString best = QStringLiteral("AES_256_CM_HMAC_SHA1_80"); // the first we offer
        QTest::newRow("opus") << "opus"
                              << "opus" << true << off << off << QString();
        QTest::newRow("G722") << "G722"
                              << "G722" << false << off << off << QString();
        QTest::newRow("PCMU") << "PCMU"
                              << "PCMU" << false << off << off << QString();
        QTest::newRow("PCMA") << "PCMA"
                              << "PCMA" << false << off << off << QString();
        QTest::newRow("opus, SRTP required") << "opus"
                                             << "opus" << true << required << required << best;
        QTest::newRow("PCMU, SRTP optional offered to required")
                << "PCMU"
                << "PCMU" << false << optional << required << best;
        QTest::newRow("G722, SRTP optional offered to off")
                << "G722"
                << "G722" << false << optional << off << QString();
    }
    void tonesCrossBothWays()
    {
        QFETCH(QString, codec);
        QFETCH(QString, expected);
        QFETCH(bool, rtcp);
        QFETCH(QString, callerSrtp);
        QFETCH(QString, calleeSrtp);
        QFETCH(QString, suite);
        ToneFiles files;
        QVERIFY(files.write());

        QString error;
        {
            HeadlessRingback caller(HeadlessRingback::Options{
                    .program = QStringLiteral(RINGBACK_BINARY),
                    .extraArguments = QStringList{QStringLiteral("--codecs"), codec,
                                                  QStringLiteral("--srtp"), callerSrtp}
                                      + files.caller()});
            HeadlessRingback callee(HeadlessRingback::Options{
                    .program = QStringLiteral(RINGBACK_BINARY),
                    .extraArguments
                    = QStringList{QStringLiteral("--srtp"), calleeSrtp} + files.callee()});
            connectCall(caller, callee);
            if (QTest::currentTestFailed())
                return;

            // Until both have played two seconds of the other's audio: the figures are asked
            // for every tenth of a second, within a generous deadline.
            for (HeadlessRingback *side : {&caller, &callee}) {
                const auto media = side->pollMedia([](const QJsonObject &figures) {
                    return figures.value(QLatin1String("framesPlayed")).toInt() >= 100;
                });
                QVERIFY2(media, qPrintable(side->report()));
                QVERIFY2(media->value(QLatin1String("framesPlayed")).toInt() >= 100,
                         qPrintable(side->report()));
                QCOMPARE(media->value(QLatin1String("codec")).toString(), expected);
                QCOMPARE(media->value(QLatin1String("packetsLost")).toInt(), 0);
                QCOMPARE(media->value(QLatin1String("srtp")).toString(), suite);
                QCOMPARE(media->value(QLatin1String("packetsRejected")).toInt(), 0);
            }
            // The first reports go out 1–3 s in, the answers to them 2–6 s later.
            for (HeadlessRingback *side :
                 rtcp ? std::vector{&caller, &callee} : std::vector<HeadlessRingback *>{}) {
                const auto media = side->pollMedia([](const QJsonObject &figures) {
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
        checkRecordings(files);
    }

    void srtpRequiredMeetsPlain()
    {
        HeadlessRingback caller(HeadlessRingback::Options{
                .program = QStringLiteral(RINGBACK_BINARY),
                .extraArguments = {QStringLiteral("--srtp"), QStringLiteral("off")}});
        HeadlessRingback callee(HeadlessRingback::Options{
                .program = QStringLiteral(RINGBACK_BINARY),
                .extraArguments = {QStringLiteral("--srtp"), QStringLiteral("required")}});
        QString error;
        QVERIFY2(caller.start(&error), qPrintable(error));
        QVERIFY2(callee.start(&error), qPrintable(error));
        caller.send(QStringLiteral("call sip:callee@")
                    + callee.sipAddress().section(QLatin1Char(':'), 1));
        const auto ended
                = caller.waitForEvent(HeadlessRingback::callState(QStringLiteral("terminated")));
        QVERIFY2(ended, qPrintable(caller.report()));
        QCOMPARE(ended->value(QLatin1String("status")).toInt(), 488);
        QVERIFY2(ended->value(QLatin1String("phrase")).toString().contains(QLatin1String("SRTP")),
                 qPrintable(caller.report()));
        QVERIFY2(caller.quit(&error), qPrintable(error));
        QVERIFY2(callee.quit(&error), qPrintable(error));
    }

    void tonesSurviveHoldAndResume()
    {
        ToneFiles files;
        QVERIFY(files.write());
        const QStringList srtp{QStringLiteral("--srtp"), QStringLiteral("required")};
        QString error;
        {
            HeadlessRingback caller(
                    HeadlessRingback::Options{.program = QStringLiteral(RINGBACK_BINARY),
                                              .extraArguments = srtp + files.caller()});
            HeadlessRingback callee(
                    HeadlessRingback::Options{.program = QStringLiteral(RINGBACK_BINARY),
                                              .extraArguments = srtp + files.callee()});
            connectCall(caller, callee);
            if (QTest::currentTestFailed())
                return;
            const auto played = [](qint64 frames) {
                return [frames](const QJsonObject &media) {
                    return figure(media, "framesPlayed") >= frames;
                };
            };
            QVERIFY2(played(50)(callee.pollMedia(played(50)).value_or(QJsonObject())),
                     qPrintable(callee.report()));

            caller.send(QStringLiteral("hold"));
            const auto held = [](bool on) {
                return [on](const QJsonObject &event) {
                    return event.value(QLatin1String("event")).toString() == QLatin1String("call")
                           && event.value(QLatin1String("held")).toBool(!on) == on;
                };
            };
            QVERIFY2(caller.waitForEvent(held(true)), qPrintable(caller.report()));
            // Held (sendonly against recvonly): the callee sends nothing while the caller
            // goes on sending fifty more packets.
            const qint64 calleeSent = figure(callee.media(), "packetsSent");
            const qint64 callerSent = figure(caller.media(), "packetsSent");
            QVERIFY(calleeSent > 0 && callerSent > 0);
            const auto moreSent = [&](const QJsonObject &media) {
                return figure(media, "packetsSent") >= callerSent + 50;
            };
            QVERIFY(moreSent(caller.pollMedia(moreSent).value_or(QJsonObject())));
            QCOMPARE(figure(callee.media(), "packetsSent"), calleeSent);

            caller.send(QStringLiteral("resume"));
            QVERIFY2(caller.waitForEvent(held(false)), qPrintable(caller.report()));
            const qint64 framesAtResume = figure(callee.media(), "framesPlayed");
            // Both ways again, still encrypted with the keys of the first exchange.
            const qint64 callerFrames = figure(caller.media(), "framesPlayed");
            for (auto [side, from] :
                 {std::pair{&caller, callerFrames}, std::pair{&callee, framesAtResume}}) {
                const auto media = side->pollMedia(played(from + 100));
                QVERIFY2(media && figure(*media, "framesPlayed") >= from + 100,
                         qPrintable(side->report()));
                QCOMPARE(media->value(QLatin1String("srtp")).toString(),
                         QStringLiteral("AES_256_CM_HMAC_SHA1_80"));
                QCOMPARE(figure(*media, "packetsRejected"), 0);
            }
            caller.send(QStringLiteral("hangup"));
            QVERIFY2(callee.waitForEvent(HeadlessRingback::callState(QStringLiteral("terminated"))),
                     qPrintable(callee.report()));
            QVERIFY2(caller.quit(&error), qPrintable(error));
            QVERIFY2(callee.quit(&error), qPrintable(error));
        }
        // The last second of each recording, after the call was resumed: tones both ways.
        checkRecordings(files, true);
    }

    void echoTestPlaysYourVoiceBack_data()
    {
        QTest::addColumn<QString>("srtp");
        QTest::addColumn<QString>("suite");
        QTest::newRow("plain") << "off" << QString();
        QTest::newRow("SRTP required") << "required"
                                       << "AES_256_CM_HMAC_SHA1_80";
    }
    void echoTestPlaysYourVoiceBack()
    {
        QFETCH(QString, srtp);
        QFETCH(QString, suite);
        QTemporaryDir dir;
        const QString in = dir.filePath(QStringLiteral("in.wav"));
        const QString out = dir.filePath(QStringLiteral("out.wav"));
        QVERIFY(tonefile::writeTone(in, CallerTone, 16000, 1.0));
        {
            HeadlessRingback ringback(HeadlessRingback::Options{
                    .program = QStringLiteral(RINGBACK_BINARY),
                    .extraArguments = {QStringLiteral("--srtp"), srtp, QStringLiteral("--audio-in"),
                                       in, QStringLiteral("--audio-out"), out}});
            QString error;
            QVERIFY2(ringback.start(&error), qPrintable(error));
            const auto connected = ringback.callEcho();
            QVERIFY2(connected, qPrintable(ringback.report()));
            QVERIFY(connected->value(QLatin1String("remote"))
                            .toString()
                            .startsWith(QLatin1String("sip:echo@127.0.0.1:")));
            const auto media = ringback.pollMedia([](const QJsonObject &figures) {
                return figures.value(QLatin1String("framesPlayed")).toInt() >= 100;
            });
            QVERIFY2(media && media->value(QLatin1String("framesPlayed")).toInt() >= 100,
                     qPrintable(ringback.report()));
            QCOMPARE(media->value(QLatin1String("codec")).toString(), QStringLiteral("opus"));
            QCOMPARE(media->value(QLatin1String("srtp")).toString(), suite);
            QCOMPARE(media->value(QLatin1String("packetsRejected")).toInt(), 0);
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
