// Covers AccountsFile, the accounts.ini of docs/CONFIG.md: every setting read and its default
// filled in, the accounts in the order of the file and the default account, a missing file
// meaning no accounts; each bad setting refused with a sentence naming the file, the account,
// the setting and what to write; the warning for passwords others may read; and the server
// URI an account's requests go to (its outbound proxy, else its domain, with its transport).
#include "accountsfile.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {

/// Writes \a text as accounts.ini in \a dir, readable by its owner only.
void writeAccounts(const QTemporaryDir &dir, const QByteArray &text)
{
    QFile file(dir.filePath(QStringLiteral("accounts.ini")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text);
    file.close();
    QVERIFY(file.setPermissions(QFile::ReadOwner | QFile::WriteOwner));
}

} // namespace

class tst_AccountsFile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void missingFileIsNoAccounts()
    {
        QTemporaryDir dir;
        AccountsFile file;
        QString error;
        QVERIFY(file.load(dir.path(), &error));
        QVERIFY(error.isEmpty());
        QVERIFY(file.accounts().isEmpty());
        QVERIFY(file.defaultAccount().isEmpty());
    }

    void everySettingIsRead()
    {
        QTemporaryDir dir;
        writeAccounts(dir, "[work]\n"
                           "aor = sip:alice@example.com\n"
                           "displayName = Alice Example\n"
                           "authUser = alice-auth\n"
                           "password = \"se,cret\"\n"
                           "realm = example.com\n"
                           "transport = TCP\n"
                           "outboundProxy = sip:proxy.example.com:5070\n"
                           "register = false\n"
                           "expires = 1800\n"
                           "srtp = Optional\n"
                           "[home]\n"
                           "aor = sips:bob@example.org\n");
        AccountsFile file;
        QString error;
        QStringList warnings;
        QVERIFY2(file.load(dir.path(), &error, &warnings), qPrintable(error));
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join(u'\n')));
        QCOMPARE(file.accounts().size(), 2);
        const AccountsFile::Account &work = file.accounts().at(0); // the file's order
        QCOMPARE(work.id, QStringLiteral("work"));
        QCOMPARE(work.aor, QStringLiteral("sip:alice@example.com"));
        QCOMPARE(work.displayName, QStringLiteral("Alice Example"));
        QCOMPARE(work.authUser, QStringLiteral("alice-auth"));
        QCOMPARE(work.password, QStringLiteral("se,cret"));
        QCOMPARE(work.realm, QStringLiteral("example.com"));
        QCOMPARE(work.transport, QStringLiteral("tcp"));
        QCOMPARE(work.outboundProxy, QStringLiteral("sip:proxy.example.com:5070"));
        QCOMPARE(work.registration, false);
        QCOMPARE(work.expires, 1800);
        QCOMPARE(work.srtp, QStringLiteral("optional"));

        const AccountsFile::Account &home = file.accounts().at(1);
        QCOMPARE(home.aor, QStringLiteral("sips:bob@example.org"));
        QCOMPARE(home.authUser, QStringLiteral("bob")); // the AOR's user
        QVERIFY(home.password.isEmpty());
        QVERIFY(home.transport.isEmpty());
        QCOMPARE(home.registration, true);
        QCOMPARE(home.expires, 600);
        QCOMPARE(home.srtp, QStringLiteral("required")); // a sips: AOR encrypts its audio

        QCOMPARE(file.defaultAccount(), QStringLiteral("work")); // the first in the file
        QCOMPARE(file.find(QStringLiteral("home")), &home);
        QCOMPARE(file.find(QStringLiteral("nobody")), nullptr);
    }

    void defaultAccountIsNamed()
    {
        QTemporaryDir dir;
        writeAccounts(dir, "default = home\n"
                           "[work]\naor = sip:alice@example.com\n"
                           "[home]\naor = sip:alice@example.org\n");
        AccountsFile file;
        QString error;
        QVERIFY2(file.load(dir.path(), &error), qPrintable(error));
        QCOMPARE(file.defaultAccount(), QStringLiteral("home"));
    }

    void badSettingsAreNamed_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("sentence");
        QTest::newRow("no aor") << QByteArray("[a]\npassword = x\n")
                                << QStringLiteral("account \"a\": aor \"\" is not an address of "
                                                  "record: write it as sip:user@domain");
        QTest::newRow("aor without user")
                << QByteArray("[a]\naor = sip:example.com\n")
                << QStringLiteral("aor \"sip:example.com\" is not an address of record");
        QTest::newRow("aor not SIP") << QByteArray("[a]\naor = mailto:alice@example.com\n")
                                     << QStringLiteral("aor \"mailto:alice@example.com\" is not");
        QTest::newRow("transport") << QByteArray("[a]\naor = sip:a@b.c\ntransport = sctp\n")
                                   << QStringLiteral("transport \"sctp\" is not one Ringback "
                                                     "speaks: write udp, tcp, tls, ws or wss");
        QTest::newRow("outbound proxy")
                << QByteArray("[a]\naor = sip:a@b.c\noutboundProxy = proxy example\n")
                << QStringLiteral("outboundProxy \"proxy example\" is not a SIP URI");
        QTest::newRow("register") << QByteArray("[a]\naor = sip:a@b.c\nregister = maybe\n")
                                  << QStringLiteral("register \"maybe\" is neither true nor "
                                                    "false");
        QTest::newRow("expires too short")
                << QByteArray("[a]\naor = sip:a@b.c\nexpires = 5\n")
                << QStringLiteral("expires \"5\" is not a registration lifetime: write a number "
                                  "of seconds between 30 and 86400");
        QTest::newRow("expires not a number")
                << QByteArray("[a]\naor = sip:a@b.c\nexpires = soon\n")
                << QStringLiteral("expires \"soon\"");
        QTest::newRow("srtp") << QByteArray("[a]\naor = sip:a@b.c\nsrtp = sometimes\n")
                              << QStringLiteral("srtp \"sometimes\" is not a way to protect the "
                                                "audio: write off, optional");
        QTest::newRow("same aor twice")
                << QByteArray("[a]\naor = sip:a@b.c\n[b]\naor = sip:a@b.c\n")
                << QStringLiteral("account \"b\": its aor sip:a@b.c is also account \"a\"'s");
        QTest::newRow("default missing")
                << QByteArray("default = c\n[a]\naor = sip:a@b.c\n")
                << QStringLiteral("default names the account \"c\", which the file does not "
                                  "have");
    }
    void badSettingsAreNamed()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, sentence);
        QTemporaryDir dir;
        writeAccounts(dir, text);
        AccountsFile file;
        QString error;
        QVERIFY(!file.load(dir.path(), &error));
        QVERIFY2(error.contains(sentence), qPrintable(error));
        QVERIFY2(error.contains(dir.filePath(QStringLiteral("accounts.ini"))), qPrintable(error));
    }

    void readablePasswordsAreWarnedOf()
    {
        QTemporaryDir dir;
        writeAccounts(dir, "[a]\naor = sip:a@b.c\npassword = x\n");
        QFile::setPermissions(dir.filePath(QStringLiteral("accounts.ini")),
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther);
        AccountsFile file;
        QString error;
        QStringList warnings;
        QVERIFY2(file.load(dir.path(), &error, &warnings), qPrintable(error));
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.first().contains(QLatin1String("chmod 600")),
                 qPrintable(warnings.first()));
    }

    void serverUri_data()
    {
        QTest::addColumn<QString>("aor");
        QTest::addColumn<QString>("transport");
        QTest::addColumn<QString>("proxy");
        QTest::addColumn<QString>("server");
        QTest::newRow("domain") << "sip:a@example.com"
                                << ""
                                << ""
                                << "sip:example.com";
        QTest::newRow("domain and port") << "sip:a@127.0.0.1:5070"
                                         << ""
                                         << ""
                                         << "sip:127.0.0.1:5070";
        QTest::newRow("udp is the default") << "sip:a@example.com"
                                            << "udp"
                                            << ""
                                            << "sip:example.com";
        QTest::newRow("tcp") << "sip:a@example.com"
                             << "tcp"
                             << ""
                             << "sip:example.com;transport=tcp";
        QTest::newRow("sips") << "sips:a@example.com"
                              << ""
                              << ""
                              << "sips:example.com";
        QTest::newRow("proxy") << "sip:a@example.com"
                               << ""
                               << "sip:proxy.example.net"
                               << "sip:proxy.example.net";
        QTest::newRow("proxy over tls") << "sip:a@example.com"
                                        << "tls"
                                        << "sip:192.0.2.1:5061"
                                        << "sip:192.0.2.1:5061;transport=tls";
        QTest::newRow("proxy names its transport") << "sip:a@example.com"
                                                   << "tcp"
                                                   << "sip:p.example.net;transport=ws"
                                                   << "sip:p.example.net;transport=ws";
    }
    void serverUri()
    {
        QFETCH(QString, aor);
        QFETCH(QString, transport);
        QFETCH(QString, proxy);
        QFETCH(QString, server);
        AccountsFile::Account account;
        account.aor = aor;
        account.transport = transport;
        account.outboundProxy = proxy;
        QCOMPARE(AccountsFile::serverUri(account), server);
    }
};

QTEST_GUILESS_MAIN(tst_AccountsFile)
#include "tst_accountsfile.moc"
