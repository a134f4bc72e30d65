// Covers SRTP (SDES keys) against peers other than Ringback, on 127.0.0.1:
//  - with SRTP required, Ringback offers RTP/SAVP with its keys and takes a SIPp callee's
//    answer keyed under tag 2 (scenarios/srtp_answering_callee.xml); the call connects,
//    encrypted with the suite the answer named, and no key of the exchange, ours or the
//    callee's, appears in Ringback's output, its debug log included;
//  - a callee answering that offer with plain RTP gets an ACK and a BYE, and the call ends
//    488 (scenarios/srtp_plain_callee.xml);
//  - a plain offer to a Ringback that requires SRTP is refused 488
//    (scenarios/srtp_plain_caller.xml).
// SRTP with baresip is in tst_baresip, with linphonec in tst_linphonec.
#include "interop/support/headlessringback.h"
#include "interop/support/sippprocess.h"

#include <QDeadlineTimer>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QTest>

using namespace std::chrono_literals;

namespace {

const QStringList RequireSrtp{QStringLiteral("--srtp"), QStringLiteral("required")};

qint64 figure(const QJsonObject &media, const char *name)
{
    return media.value(QLatin1String(name)).toInteger(-1);
}

/// Ringback requiring SRTP calls a SIPp callee playing \a scenario; a failed test gets both
/// reports.
struct CallToSipp
{
    explicit CallToSipp(const QString &scenario)
        : sipp({.scenario = SippProcess::scenarioPath(scenario)})
        , ringback({.program = QStringLiteral(RINGBACK_BINARY), .extraArguments = RequireSrtp})
    {}
    ~CallToSipp()
    {
        if (QTest::currentTestFailed())
            qWarning().noquote() << '\n' << ringback.report() << '\n' << sipp.report();
    }
    /// Starts both and places the call. QVERIFYs: check QTest::currentTestFailed() after it.
    void start()
    {
        QString error;
        QVERIFY2(sipp.start(&error), qPrintable(error));
        QVERIFY2(ringback.start(&error), qPrintable(error));
        ringback.send(QStringLiteral("call ") + sipp.uri());
    }

    SippProcess sipp;
    HeadlessRingback ringback;
};

} // namespace

class tst_Srtp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString missing = SippProcess::missingMessage(); !missing.isEmpty())
            QFAIL(qPrintable(missing));
    }

    void sippCalleeTakesTheOfferAndNoKeyIsLogged()
    {
        CallToSipp call(QStringLiteral("srtp_answering_callee.xml"));
        call.start();
        if (QTest::currentTestFailed())
            return;
        auto &[sipp, ringback] = call;
        QString error;
        const auto connected
                = ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("connected")));
        QVERIFY(connected);
        QCOMPARE(connected->value(QLatin1String("encrypted")).toBool(), true);
        const QJsonObject media = ringback.pollMedia([](const QJsonObject &figures) {
                                              return figure(figures, "packetsSent") >= 10;
                                          })
                                          .value_or(QJsonObject());
        QCOMPARE(media.value(QLatin1String("srtp")).toString(),
                 QStringLiteral("AES_CM_128_HMAC_SHA1_80"));
        ringback.send(QStringLiteral("hangup"));
        QVERIFY(ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("terminated"))));
        QVERIFY2(sipp.waitForFinished(15s), "SIPp did not finish");
        QCOMPARE(sipp.failure(), QString());
        QVERIFY2(ringback.quit(&error), qPrintable(error));

        // Every key the two exchanged: three offered, one answered.
        QStringList keys;
        const QRegularExpression inlineKey(QStringLiteral("inline:([A-Za-z0-9+/=]+)"));
        for (const auto &match : inlineKey.globalMatch(sipp.messageTrace()))
            keys.append(match.captured(1));
        keys.removeDuplicates();
        QCOMPARE(keys.size(), 4);
        QByteArray output = ringback.standardError();
        for (const QJsonObject &event : ringback.events())
            output += QJsonDocument(event).toJson(QJsonDocument::Compact);
        QVERIFY(output.contains("ringback.")); // the debug log was there to look through
        for (const QString &key : std::as_const(keys)) {
            // The whole key, and its first half (a key cut short in a log line).
            QVERIFY2(!output.contains(key.toLatin1()), qPrintable(key));
            QVERIFY2(!output.contains(key.left(20).toLatin1()), qPrintable(key));
        }
    }

    void callEndsWhenTheAnswerIsPlain()
    {
        CallToSipp call(QStringLiteral("srtp_plain_callee.xml"));
        call.start();
        if (QTest::currentTestFailed())
            return;
        auto &[sipp, ringback] = call;
        QString error;
        const auto ended
                = ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("terminated")));
        QVERIFY(ended);
        QCOMPARE(ended->value(QLatin1String("status")).toInt(), 488);
        QVERIFY2(sipp.waitForFinished(15s), "SIPp did not finish");
        QCOMPARE(sipp.failure(), QString());
        QVERIFY2(ringback.quit(&error), qPrintable(error));
    }

    void plainOfferIsRefused()
    {
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY), .extraArguments = RequireSrtp});
        QString error;
        QVERIFY2(ringback.start(&error), qPrintable(error));
        SippProcess sipp(
                {.scenario = SippProcess::scenarioPath(QStringLiteral("srtp_plain_caller.xml")),
                 .remote = ringback.sipAddress().section(QLatin1Char(':'), 1)});
        const auto reportOnFailure = qScopeGuard([&] {
            if (QTest::currentTestFailed())
                qWarning().noquote() << '\n' << ringback.report() << '\n' << sipp.report();
        });
        QVERIFY2(sipp.start(&error), qPrintable(error));
        QVERIFY2(sipp.waitForFinished(15s), "SIPp did not finish");
        QCOMPARE(sipp.failure(), QString());
        QVERIFY(sipp.messageTrace().contains(QLatin1String("SRTP")));
        QVERIFY2(ringback.quit(&error), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(tst_Srtp)
#include "tst_srtp.moc"
