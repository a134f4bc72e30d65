// Covers registration end to end: `ringback --headless` with accounts.ini in its config
// directory registers with a SIPp registrar (scenarios/register_*.xml) on the loopback as it
// starts, and unregisters as it quits. Each row names the events Ringback must emit, in order,
// before and after "quit": {"event":"registration","account":…,"state":"registered|failed|
// unregistered","status":…,"reason":…} with expires (registered) and retry (failed). A row
// passes when those events come, SIPp's scenario passes (exit code 0: every check it makes on
// the REGISTERs held: Contact and Expires, credentials it verifies itself, CSeq and Call-ID),
// SIPp dropped no message, Ringback reports no error and exits with 0.
#include "interop/support/headlessringback.h"
#include "interop/support/sippprocess.h"
#include "interop/support/sipprun.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QTest>

namespace {

const QString Alice = QStringLiteral("[alice]\n"
                                     "aor=sip:alice@127.0.0.1:@PORT@\n"
                                     "password=secret\n");

/// Matches a registration event whose fields include every "key=value" of \a expected
/// (numbers compared as text).
HeadlessRingback::Predicate registrationEvent(const QString &expected)
{
    return [expected](const QJsonObject &event) {
        if (event.value(QLatin1String("event")).toString() != QLatin1String("registration"))
            return false;
        for (const QString &pair : expected.split(u' ', Qt::SkipEmptyParts)) {
            const QString key = pair.section(u'=', 0, 0);
            const QString value = pair.section(u'=', 1);
            const QJsonValue actual = event.value(key);
            const QString text
                    = actual.isDouble() ? QString::number(actual.toInt()) : actual.toString();
            if (text != value)
                return false;
        }
        return true;
    };
}

/// Recomputes every Digest response (Authorization or Proxy-Authorization) in \a trace with
/// the method of the request it is in (RFC 7616 §3.4.1: MD5 or SHA-256, with qop=auth or
/// without qop) from \a user and \a password; returns a sentence naming the first that does
/// not check out, or an empty string. \a count: how many there were.
QString
verifyAuthorizations(const QString &trace, const QString &user, const QString &password, int *count)
{
    static const QRegularExpression header(
            QStringLiteral("^(?:Proxy-)?Authorization: Digest (.*)$"),
            QRegularExpression::MultilineOption);
    static const QRegularExpression field(QStringLiteral("([a-z]+)=(\"([^\"]*)\"|[^, \r]+)"));
    *count = 0;
    static const QRegularExpression requestLine(QStringLiteral("^([A-Z]+) [^ ]+ SIP/2\\.0\\r?$"),
                                                QRegularExpression::MultilineOption);
    for (auto line = header.globalMatch(trace); line.hasNext();) {
        const auto found = line.next();
        const QString text = found.captured(1).trimmed();
        QString method;
        for (auto r = requestLine.globalMatch(trace.left(found.capturedStart())); r.hasNext();)
            method = r.next().captured(1); // the last request line before the header
        QMap<QString, QString> fields;
        for (auto f = field.globalMatch(text); f.hasNext();) {
            const auto m = f.next();
            fields.insert(m.captured(1), m.captured(3).isEmpty() ? m.captured(2) : m.captured(3));
        }
        const auto algorithm = fields.value(QStringLiteral("algorithm"), QStringLiteral("MD5"))
                                               == QLatin1String("SHA-256")
                                       ? QCryptographicHash::Sha256
                                       : QCryptographicHash::Md5;
        const auto hash = [algorithm](const QString &value) {
            return QCryptographicHash::hash(value.toUtf8(), algorithm).toHex();
        };
        if (fields.value(QStringLiteral("username")) != user)
            return QStringLiteral("wrong username in: ") + text;
        const QByteArray ha1
                = hash(user + u':' + fields.value(QStringLiteral("realm")) + u':' + password);
        const QByteArray ha2 = hash(method + u':' + fields.value(QStringLiteral("uri")));
        const QString nonce = fields.value(QStringLiteral("nonce"));
        const QByteArray expected = fields.contains(QStringLiteral("qop"))
                                            ? hash(QString::fromLatin1(ha1) + u':' + nonce + u':'
                                                   + fields.value(QStringLiteral("nc")) + u':'
                                                   + fields.value(QStringLiteral("cnonce")) + u':'
                                                   + fields.value(QStringLiteral("qop")) + u':'
                                                   + QString::fromLatin1(ha2))
                                            : hash(QString::fromLatin1(ha1) + u':' + nonce + u':'
                                                   + QString::fromLatin1(ha2));
        if (fields.value(QStringLiteral("response")).toLatin1() != expected)
            return QStringLiteral("the response does not check out in: ") + text;
        ++*count;
    }
    return {};
}

} // namespace

class tst_SippRegistration : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (const QString missing = SippProcess::missingMessage(); !missing.isEmpty())
            QFAIL(qPrintable(missing));
    }

    void registration_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("accounts");
        QTest::addColumn<int>("calls");
        QTest::addColumn<QStringList>("beforeQuit");
        QTest::addColumn<QStringList>("afterQuit");
        /// Digest responses the test recomputes (with the account's password).
        QTest::addColumn<int>("authorizations");
        QTest::addColumn<QString>("failureMessage"); ///< how the failed event's message starts

        const QString registered = QStringLiteral("account=alice state=registered status=200");
        const QString unregistered = QStringLiteral("account=alice state=unregistered status=200");
        QTest::newRow("registered, then unregistered on quit")
                << QStringLiteral("register_plain.xml") << Alice << 1
                << QStringList{registered + QStringLiteral(" reason=OK expires=300")}
                << QStringList{unregistered} << 0 << QString();
        QTest::newRow("two accounts at once")
                << QStringLiteral("register_plain.xml")
                << QStringLiteral("[alice]\naor=sip:alice@127.0.0.1:@PORT@\n"
                                  "[bob]\naor=sip:bob@127.0.0.1:@PORT@\n")
                << 2
                << QStringList{registered,
                               QStringLiteral("account=bob state=registered status=200")}
                << QStringList{unregistered,
                               QStringLiteral("account=bob state=unregistered status=200")}
                << 0 << QString();
        QTest::newRow("MD5 Digest, the removal pre-authorized")
                << QStringLiteral("register_auth_md5.xml") << Alice << 1 << QStringList{registered}
                << QStringList{unregistered} << 2 << QString();
        QTest::newRow("SHA-256 Digest with qop=auth, chosen over MD5")
                << QStringLiteral("register_auth_sha256.xml") << Alice << 1
                << QStringList{registered} << QStringList{unregistered} << 2 << QString();
        QTest::newRow("stale nonce")
                << QStringLiteral("register_auth_stale.xml") << Alice << 1
                << QStringList{registered} << QStringList{unregistered} << 3 << QString();
        QTest::newRow("wrong password")
                << QStringLiteral("register_auth_refused.xml")
                << QStringLiteral("[alice]\naor=sip:alice@127.0.0.1:@PORT@\npassword=wrong\n") << 1
                << QStringList{QStringLiteral("account=alice state=failed status=401")}
                << QStringList{} << 1
                << QStringLiteral("The server refused the user name or password of account "
                                  "alice (401 Unauthorized): check authUser, password and realm "
                                  "in the accounts file.");
        QTest::newRow("423 with Min-Expires")
                << QStringLiteral("register_423.xml") << Alice << 1
                << QStringList{registered + QStringLiteral(" expires=1800")}
                << QStringList{unregistered} << 0 << QString();
        QTest::newRow("503 with Retry-After")
                << QStringLiteral("register_503_retry_after.xml") << Alice << 1
                << QStringList{QStringLiteral("account=alice state=failed status=503 retry=1"),
                               registered}
                << QStringList{unregistered} << 0
                << QStringLiteral("The registrar of account alice cannot be reached or is "
                                  "unavailable (503 Service Unavailable): check the server "
                                  "address and the network. Trying again in 1 second(s).");
        QTest::newRow("refreshed before it expires")
                << QStringLiteral("register_refresh.xml") << Alice << 1
                << QStringList{registered + QStringLiteral(" expires=2"),
                               registered + QStringLiteral(" expires=600")}
                << QStringList{unregistered} << 0 << QString();
        QTest::newRow("through an outbound proxy")
                << QStringLiteral("register_outbound_proxy.xml")
                << QStringLiteral("[alice]\naor=sip:alice@example.invalid\n"
                                  "outboundProxy=sip:127.0.0.1:@PORT@\n")
                << 1 << QStringList{registered} << QStringList{unregistered} << 0 << QString();
    }

    void registration()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, accounts);
        QFETCH(int, calls);
        QFETCH(QStringList, beforeQuit);
        QFETCH(QStringList, afterQuit);
        QFETCH(int, authorizations);
        QFETCH(QString, failureMessage);

        QString error;
        SippProcess sipp({.scenario = SippProcess::scenarioPath(scenario), .calls = calls});
        QVERIFY2(sipp.start(&error), qPrintable(error));
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY),
                 .extraArguments = {},
                 .accounts = QString(accounts).replace(QStringLiteral("@PORT@"),
                                                       QString::number(sipp.port()))});
        const auto reportOnFailure = watchRun(sipp, ringback);
        QVERIFY2(ringback.start(&error), qPrintable(error));

        // Each expected event once, in any order (two accounts register side by side); the
        // scenario orders what one account does.
        const auto expect = [&](QStringList expected) {
            while (!expected.isEmpty()) {
                const auto event = ringback.waitForEvent([&expected](const QJsonObject &e) {
                    for (const QString &one : std::as_const(expected)) {
                        if (registrationEvent(one)(e))
                            return true;
                    }
                    return false;
                });
                if (!event)
                    return sipp.missingEvent(expected.join(QStringLiteral(" | ")));
                for (qsizetype i = 0; i < expected.size(); ++i) {
                    if (registrationEvent(expected.at(i))(*event)) {
                        if (!failureMessage.isEmpty()
                            && event->value(QLatin1String("state")).toString()
                                       == QLatin1String("failed")
                            && event->value(QLatin1String("message")).toString() != failureMessage)
                            return QStringLiteral("the failure's message is: ")
                                   + event->value(QLatin1String("message")).toString();
                        expected.removeAt(i);
                        break;
                    }
                }
            }
            return QString();
        };
        QString missing = expect(beforeQuit);
        QVERIFY2(missing.isEmpty(), qPrintable(missing));
        QVERIFY2(ringback.quit(&error), qPrintable(error));
        missing = expect(afterQuit);
        QVERIFY2(missing.isEmpty(), qPrintable(missing));

        sipp.waitForFinished();
        const QString failure = sipp.failure();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        const QString errors = ringback.errors();
        QVERIFY2(errors.isEmpty(), qPrintable(QStringLiteral("Ringback reported:\n") + errors));
        int verified = 0;
        const QString password = accounts.contains(QLatin1String("password=wrong"))
                                         ? QStringLiteral("wrong")
                                         : QStringLiteral("secret");
        const QString wrong = verifyAuthorizations(sipp.messageTrace(), QStringLiteral("alice"),
                                                   password, &verified);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        QCOMPARE(verified, authorizations);
    }

    /// A call from an account that does not register, through its outbound proxy, which
    /// challenges it (407): the bare name is called at the account's domain, From is the
    /// account's AOR, the INVITE is routed through the proxy and sent again with credentials
    /// SIPp verifies; then it rings, is answered and Ringback hangs up.
    void callFromAccountThroughProxy()
    {
        QString error;
        SippProcess sipp(
                {.scenario = SippProcess::scenarioPath(QStringLiteral("call_proxy_auth.xml"))});
        QVERIFY2(sipp.start(&error), qPrintable(error));
        HeadlessRingback ringback(
                {.program = QStringLiteral(RINGBACK_BINARY),
                 .extraArguments = {},
                 .accounts = QStringLiteral("[alice]\naor=sip:alice@example.invalid\n"
                                            "password=secret\nregister=false\n"
                                            "outboundProxy=sip:127.0.0.1:%1\n")
                                     .arg(sipp.port())});
        const auto reportOnFailure = watchRun(sipp, ringback);
        QVERIFY2(ringback.start(&error), qPrintable(error));
        ringback.send(QStringLiteral("call bob"));
        const auto ringing
                = ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("ringing")));
        QVERIFY2(ringing, qPrintable(sipp.missingEvent(QStringLiteral("ringing"))));
        QCOMPARE(ringing->value(QLatin1String("remote")).toString(),
                 QStringLiteral("sip:bob@example.invalid"));
        QVERIFY2(ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("connected"))),
                 qPrintable(sipp.missingEvent(QStringLiteral("connected"))));
        ringback.send(QStringLiteral("hangup"));
        const auto ended
                = ringback.waitForEvent(HeadlessRingback::callState(QStringLiteral("terminated")));
        QVERIFY2(ended, qPrintable(sipp.missingEvent(QStringLiteral("terminated"))));
        QCOMPARE(ended->value(QLatin1String("reason")).toString(), QStringLiteral("hangup"));
        sipp.waitForFinished();
        const QString failure = sipp.failure();
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        int verified = 0;
        const QString wrong = verifyAuthorizations(sipp.messageTrace(), QStringLiteral("alice"),
                                                   QStringLiteral("secret"), &verified);
        QVERIFY2(wrong.isEmpty(), qPrintable(wrong));
        QCOMPARE(verified, 2); // the INVITE's, and the BYE's sent at once to the same host
        QVERIFY2(ringback.errors().isEmpty(), qPrintable(ringback.errors()));
        QVERIFY2(ringback.quit(&error), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(tst_SippRegistration)
#include "tst_sippregistration.moc"
