// Covers calls between headless Ringback and linphonec (Debian's linphone-cli), each way, in a
// network namespace of the test's own (linphonec binds the wildcard address, so it must not
// run on the machine's network): Ringback calls linphonec, which answers, takes DTMF by INFO
// and Ringback's BYE; linphonec calls Ringback, which answers and takes linphonec's BYE;
// Ringback cancels a call while linphonec rings; Ringback declines linphonec's call; and
// linphonec transfers its call with Ringback to baresip (blind REFER), which Ringback calls.
// Audio, plain and with SRTP required on both sides (linphonec's media_encryption=srtp,
// mandatory): Ringback calls linphonec, which plays a 440 Hz tone from a file and records
// what it hears ("soundcard use files", "play", "record"); Ringback plays 1100 Hz and records
// too; a Goertzel detector finds each side's tone in the other's recording, and no RTP packet
// fails SRTP authentication.
#include "interop/support/baresipprocess.h"
#include "interop/support/headlessringback.h"
#include "interop/support/linphonecprocess.h"
#include "interop/support/networknamespace.h"

#include "interop/support/tonefile.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

class tst_Linphonec : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString missing = LinphonecProcess::missingMessage(); !missing.isEmpty())
            QFAIL(qPrintable(missing));
        if (const QString missing = BaresipProcess::missingMessage(); !missing.isEmpty())
            QFAIL(qPrintable(missing));
    }

    /// Each case gets a namespace of its own with linphonec and Ringback running in it.
    void init()
    {
        QString error;
        m_network = std::make_unique<NetworkNamespace>();
        QVERIFY2(m_network->create(&error),
                 qPrintable(QStringLiteral("linphonec runs in a network namespace of the "
                                           "test's own, which needs root: ")
                            + error));
        m_linphonec = std::make_unique<LinphonecProcess>(
                LinphonecProcess::Options{.launcher = m_network->launcher()});
        QVERIFY2(m_linphonec->start(&error), qPrintable(error));
        m_ringback = std::make_unique<HeadlessRingback>(
                HeadlessRingback::Options{.program = QStringLiteral(RINGBACK_BINARY),
                                          .extraArguments = {},
                                          .launcher = m_network->launcher()});
        QVERIFY2(m_ringback->start(&error), qPrintable(error));
    }

    /// Reports the peers of a failed case, then ends them before their namespace.
    void cleanup()
    {
        if (QTest::currentTestFailed()) {
            QString report;
            for (const auto &peer : {m_ringback ? m_ringback->report() : QString(),
                                     m_linphonec ? m_linphonec->report() : QString(),
                                     m_baresip ? m_baresip->report() : QString()})
                report += peer;
            qWarning().noquote() << '\n' << report;
        }
        m_ringback.reset();
        m_baresip.reset();
        m_linphonec.reset();
        m_network.reset();
    }

    void tonesCrossBothWays_data()
    {
        QTest::addColumn<bool>("srtp");
        QTest::newRow("plain") << false;
        QTest::newRow("SRTP") << true;
    }
    void tonesCrossBothWays()
    {
        QFETCH(bool, srtp);
        constexpr double OurTone = 1100;
        constexpr double TheirTone = 440;
        QTemporaryDir dir;
        const QString ourIn = dir.filePath(QStringLiteral("ours-in.wav"));
        const QString ourOut = dir.filePath(QStringLiteral("ours-out.wav"));
        const QString theirIn = dir.filePath(QStringLiteral("theirs-in.wav"));
        const QString theirOut = dir.filePath(QStringLiteral("theirs-out.wav"));
        QVERIFY(tonefile::writeTone(ourIn, OurTone, 16000, 1.0));
        QVERIFY(tonefile::writeTone(theirIn, TheirTone, 8000, 10.0));
        // This case's own peers: linphonec as asked, Ringback with the files.
        QString error;
        m_ringback.reset();
        m_linphonec = std::make_unique<LinphonecProcess>(
                LinphonecProcess::Options{.launcher = m_network->launcher(), .srtp = srtp});
        QVERIFY2(m_linphonec->start(&error), qPrintable(error));
        m_ringback = std::make_unique<HeadlessRingback>(HeadlessRingback::Options{
                .program = QStringLiteral(RINGBACK_BINARY),
                .extraArguments
                = {QStringLiteral("--srtp"),
                   srtp ? QStringLiteral("required") : QStringLiteral("off"),
                   QStringLiteral("--codecs"), QStringLiteral("PCMU"), QStringLiteral("--audio-in"),
                   ourIn, QStringLiteral("--audio-out"), ourOut},
                .launcher = m_network->launcher()});
        QVERIFY2(m_ringback->start(&error), qPrintable(error));
        m_linphonec->send(QStringLiteral("soundcard use files"));

        m_ringback->send(QStringLiteral("call ") + m_linphonec->uri());
        QVERIFY2(m_linphonec->waitForOutput("Receiving new incoming call from sip:ringback@"),
                 "linphonec did not take the call");
        m_linphonec->send(QStringLiteral("answer"));
        QVERIFY(m_ringback->waitForEvent(HeadlessRingback::callState(QStringLiteral("connected"))));
        QVERIFY2(m_linphonec->waitForOutput(" connected."), "linphonec did not connect the call");
        m_linphonec->send(QStringLiteral("record ") + theirOut);
        m_linphonec->send(QStringLiteral("play ") + theirIn);

        // Until Ringback has played three seconds of linphonec's audio.
        const QJsonObject media
                = m_ringback
                          ->pollMedia([](const QJsonObject &figures) {
                              return figures.value(QLatin1String("framesPlayed")).toInt() >= 150;
                          })
                          .value_or(QJsonObject());
        QVERIFY(media.value(QLatin1String("framesPlayed")).toInt() >= 150);
        QCOMPARE(media.value(QLatin1String("srtp")).toString().isEmpty(), !srtp);
        QCOMPARE(media.value(QLatin1String("packetsRejected")).toInt(), 0);
        m_ringback->send(QStringLiteral("hangup"));
        QVERIFY(m_ringback->waitForEvent(
                HeadlessRingback::callState(QStringLiteral("terminated"))));
        QVERIFY2(m_linphonec->waitForOutput("ended (No error)."), "linphonec did not end the call");
        quitRingback();

        const struct
        {
            QString file;
            double tone;
        } recordings[] = {{ourOut, TheirTone}, {theirOut, OurTone}};
        for (const auto &recording : recordings) {
            const auto level = tonefile::levelAfterFirstSound(recording.file, recording.tone);
            QVERIFY2(level && *level > 2000, qPrintable(QStringLiteral("%1: %2 Hz at %3")
                                                                .arg(recording.file)
                                                                .arg(recording.tone)
                                                                .arg(level.value_or(-1))));
        }
    }

    void ringbackCallsLinphonec()
    {
        m_ringback->send(QStringLiteral("call ") + m_linphonec->uri());
        QVERIFY2(m_linphonec->waitForOutput("Receiving new incoming call from sip:ringback@"),
                 "linphonec did not take the call");
        const auto ringing
                = m_ringback->waitForEvent(HeadlessRingback::callState(QStringLiteral("ringing")));
        QVERIFY2(ringing, "the call to linphonec did not ring");
        QCOMPARE(ringing->value(QLatin1String("status")).toInt(), 180);
        m_linphonec->send(QStringLiteral("answer"));
        const auto connected = m_ringback->waitForEvent(
                HeadlessRingback::callState(QStringLiteral("connected")));
        QVERIFY2(connected, "the call to linphonec was not connected");
        QCOMPARE(connected->value(QLatin1String("status")).toInt(), 200);
        QVERIFY2(m_linphonec->waitForOutput(" connected."), "linphonec did not connect the call");

        m_ringback->send(QStringLiteral("dtmf 5#"));
        QVERIFY2(m_linphonec->waitForOutput("Receiving tone 5 from sip:ringback@"),
                 "linphonec did not take the 5");
        QVERIFY2(m_linphonec->waitForOutput("Receiving tone # from sip:ringback@"),
                 "linphonec did not take the #");

        m_ringback->send(QStringLiteral("hangup"));
        const auto ended = m_ringback->waitForEvent(
                HeadlessRingback::callState(QStringLiteral("terminated")));
        QVERIFY2(ended, "the call did not end");
        QCOMPARE(ended->value(QLatin1String("reason")).toString(), QStringLiteral("hangup"));
        QCOMPARE(ended->value(QLatin1String("status")).toInt(), 200);
        QVERIFY2(m_linphonec->waitForOutput("ended (No error)."), "linphonec did not end the call");
        quitRingback();
    }

    void linphonecCallsRingback()
    {
        m_linphonec->send(QStringLiteral("call sip:ringback@")
                          + m_ringback->sipAddress().section(u':', 1));
        const auto ringing
                = m_ringback->waitForEvent(HeadlessRingback::callState(QStringLiteral("ringing")));
        QVERIFY2(ringing, "linphonec's call did not ring");
        QCOMPARE(ringing->value(QLatin1String("direction")).toString(), QStringLiteral("incoming"));
        QCOMPARE(ringing->value(QLatin1String("from")).toString(),
                 QStringLiteral("sip:lp@127.0.0.1"));
        QVERIFY2(m_linphonec->waitForOutput(" ringing."), "linphonec did not hear the 180");
        m_ringback->send(QStringLiteral("answer"));
        QVERIFY2(m_ringback->waitForEvent(HeadlessRingback::callState(QStringLiteral("connected"))),
                 "the call from linphonec was not connected");
        QVERIFY2(m_linphonec->waitForOutput(" connected."), "linphonec did not connect the call");

        m_linphonec->send(QStringLiteral("terminate"));
        const auto ended = m_ringback->waitForEvent(
                HeadlessRingback::callState(QStringLiteral("terminated")));
        QVERIFY2(ended, "linphonec's BYE did not end the call");
        QCOMPARE(ended->value(QLatin1String("reason")).toString(), QStringLiteral("remote-hangup"));
        QVERIFY2(m_linphonec->waitForOutput("ended (No error)."), "linphonec did not end the call");
        quitRingback();
    }

    void ringbackCancelsWhileLinphonecRings()
    {
        m_ringback->send(QStringLiteral("call ") + m_linphonec->uri());
        QVERIFY2(m_ringback->waitForEvent(HeadlessRingback::callState(QStringLiteral("ringing"))),
                 "the call to linphonec did not ring");
        m_ringback->send(QStringLiteral("hangup"));
        const auto ended = m_ringback->waitForEvent(
                HeadlessRingback::callState(QStringLiteral("terminated")));
        QVERIFY2(ended, "the cancelled call did not end");
        QCOMPARE(ended->value(QLatin1String("reason")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(ended->value(QLatin1String("status")).toInt(), 487);
        QVERIFY2(m_linphonec->waitForOutput("ended (Not answered)."),
                 "linphonec did not take the CANCEL");
        quitRingback();
    }

    void ringbackDeclinesLinphonecsCall()
    {
        m_linphonec->send(QStringLiteral("call sip:ringback@")
                          + m_ringback->sipAddress().section(u':', 1));
        QVERIFY2(m_ringback->waitForEvent(HeadlessRingback::callState(QStringLiteral("ringing"))),
                 "linphonec's call did not ring");
        m_ringback->send(QStringLiteral("decline"));
        const auto ended = m_ringback->waitForEvent(
                HeadlessRingback::callState(QStringLiteral("terminated")));
        QVERIFY2(ended, "the declined call did not end");
        QCOMPARE(ended->value(QLatin1String("reason")).toString(), QStringLiteral("declined"));
        QCOMPARE(ended->value(QLatin1String("status")).toInt(), 603);
        QVERIFY2(m_linphonec->waitForOutput("ended (Call declined)."),
                 "linphonec did not take the 603");
        quitRingback();
    }

    void linphonecTransfersRingbackToBaresip()
    {
        QString error;
        m_baresip = std::make_unique<BaresipProcess>(
                BaresipProcess::Options{.launcher = m_network->launcher()});
        QVERIFY2(m_baresip->start(&error), qPrintable(error));
        m_ringback->send(QStringLiteral("call ") + m_linphonec->uri());
        QVERIFY2(m_linphonec->waitForOutput("Receiving new incoming call from sip:ringback@"),
                 "linphonec did not take the call");
        m_linphonec->send(QStringLiteral("answer"));
        const auto first = m_ringback->waitForEvent(
                HeadlessRingback::callState(QStringLiteral("connected")));
        QVERIFY2(first, "the call to linphonec was not connected");
        const int firstId = first->value(QLatin1String("id")).toInt();
        QVERIFY2(m_linphonec->waitForOutput(" connected."), "linphonec did not connect the call");

        m_linphonec->send(QStringLiteral("transfer ") + m_baresip->uri());
        const auto target = m_ringback->waitForEvent([&](const QJsonObject &event) {
            return HeadlessRingback::callState(QStringLiteral("connected"))(event)
                   && event.value(QLatin1String("referredBy")).toInt() == firstId;
        });
        QVERIFY2(target, "Ringback's call to the transfer target was not connected");
        QCOMPARE(target->value(QLatin1String("remote")).toString(), m_baresip->uri());
        QVERIFY2(m_baresip->waitForOutput("Call established"),
                 "baresip did not establish the call");
        const auto transferred = m_ringback->waitForEvent([&](const QJsonObject &event) {
            return HeadlessRingback::callState(QStringLiteral("terminated"))(event)
                   && event.value(QLatin1String("id")).toInt() == firstId;
        });
        QVERIFY2(transferred, "the transferred call did not end");
        QCOMPARE(transferred->value(QLatin1String("reason")).toString(),
                 QStringLiteral("transferred"));
        QVERIFY2(m_linphonec->waitForOutput("has been transfered"),
                 "linphonec did not take the NOTIFY of the transfer's success");
        QVERIFY2(m_linphonec->waitForOutput("ended (No error)."),
                 "linphonec did not end the transferred call");

        m_ringback->send(QStringLiteral("hangup"));
        QVERIFY2(
                m_ringback->waitForEvent(HeadlessRingback::callState(QStringLiteral("terminated"))),
                "the call to baresip did not end");
        QVERIFY2(m_baresip->waitForOutput("session closed"), "baresip did not end the call");
        quitRingback();
    }

private:
    /// Ringback said no error and quits cleanly.
    void quitRingback()
    {
        QString error;
        QVERIFY2(m_ringback->errors().isEmpty(), qPrintable(m_ringback->errors()));
        QVERIFY2(m_ringback->quit(&error), qPrintable(error));
    }

    std::unique_ptr<NetworkNamespace> m_network;
    std::unique_ptr<LinphonecProcess> m_linphonec;
    std::unique_ptr<HeadlessRingback> m_ringback;
    std::unique_ptr<BaresipProcess> m_baresip;
};

QTEST_GUILESS_MAIN(tst_Linphonec)
#include "tst_linphonec.moc"
