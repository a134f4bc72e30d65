// Covers Settings: listen-address parsing (IPv4, IPv6, any port) with a sentence saying what
// to write instead, validation of stored values naming the setting and file, and values
// surviving a new instance (written through at once).
#include "settings.h"

#include <QTemporaryDir>
#include <QTest>

class tst_Settings : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parseListenAddress_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<bool>("valid");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::newRow("ipv4") << "127.0.0.1:5062" << true << "127.0.0.1" << 5062;
        QTest::newRow("any address") << "0.0.0.0:5060" << true << "0.0.0.0" << 5060;
        QTest::newRow("any port") << "127.0.0.1:0" << true << "127.0.0.1" << 0;
        QTest::newRow("ipv6 loopback") << "[::1]:5060" << true << "::1" << 5060;
        QTest::newRow("ipv6 any") << "[::]:0" << true << "::" << 0;
        QTest::newRow("no port") << "127.0.0.1" << false << "" << 0;
        QTest::newRow("port too big") << "127.0.0.1:70000" << false << "" << 0;
        QTest::newRow("host name") << "localhost:5060" << false << "" << 0;
        QTest::newRow("words") << "listen everywhere" << false << "" << 0;
        QTest::newRow("empty") << "" << false << "" << 0;
        QTest::newRow("negative port") << "127.0.0.1:-1" << false << "" << 0;
    }
    void parseListenAddress()
    {
        QFETCH(QString, input);
        QFETCH(bool, valid);
        QString parsedHost;
        quint16 parsedPort = 1;
        QString error;
        QCOMPARE(Settings::parseListenAddress(input, &parsedHost, &parsedPort, &error), valid);
        if (valid) {
            QFETCH(QString, host);
            QFETCH(int, port);
            QCOMPARE(parsedHost, host);
            QCOMPARE(int(parsedPort), port);
            QVERIFY(error.isEmpty());
        } else {
            QVERIFY(error.contains(QStringLiteral("HOST:PORT")));
            QVERIFY(error.contains(input));
        }
    }

    void defaultsAreValid()
    {
        QTemporaryDir dir;
        Settings settings(dir.path());
        QCOMPARE(settings.sipListen(), QStringLiteral("0.0.0.0:5060"));
        QCOMPARE(settings.sipT1(), 500);
        QCOMPARE(settings.noAnswerTimeout(), 60);
        QCOMPARE(settings.srtp(), QStringLiteral("off"));
        QVERIFY(settings.validate().isEmpty());
    }

    void badValuesAreNamed()
    {
        QTemporaryDir dir;
        {
            Settings settings(dir.path());
            settings.setSipListen(QStringLiteral("nowhere"));
        }
        Settings settings(dir.path());
        const QString problem = settings.validate();
        QVERIFY(problem.contains(QStringLiteral("sip/listen")));
        QVERIFY(problem.contains(settings.filePath()));

        QFile file(settings.filePath());
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("[sip]\nt1=fast\n");
        file.close();
        Settings reread(dir.path());
        QVERIFY(reread.validate().contains(QStringLiteral("sip/t1")));

        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("[calls]\nnoAnswerTimeout=-5\n");
        file.close();
        Settings negative(dir.path());
        QVERIFY(negative.validate().contains(QStringLiteral("calls/noAnswerTimeout")));

        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("[calls]\nsrtp=always\n");
        file.close();
        Settings srtp(dir.path());
        QVERIFY2(srtp.validate().contains(QStringLiteral("off, optional or required, not "
                                                         "\"always\" (setting calls/srtp")),
                 qPrintable(srtp.validate()));

        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("[audio]\nnoiseSuppression=perhaps\n");
        file.close();
        Settings audio(dir.path());
        QVERIFY2(audio.validate().contains(QStringLiteral("not \"perhaps\" (setting "
                                                          "audio/noiseSuppression")),
                 qPrintable(audio.validate()));
    }

    void tlsFilesAreChecked()
    {
        QTemporaryDir dir;
        Settings settings(dir.path());
        const QString missing = dir.filePath(QStringLiteral("missing.pem"));
        settings.setTlsFiles(missing, {}, {});
        QString problem = settings.validate();
        QVERIFY2(problem.contains(missing) && problem.contains(QStringLiteral("tls/caFile")),
                 qPrintable(problem));

        const QString present = dir.filePath(QStringLiteral("cert.pem"));
        QFile file(present);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        settings.setTlsFiles({}, present, {});
        problem = settings.validate();
        QVERIFY2(problem.contains(QStringLiteral("tls/privateKey")), qPrintable(problem));

        settings.setTlsFiles(present, present, present);
        QVERIFY(settings.validate().isEmpty());
        Settings reread(dir.path());
        QCOMPARE(reread.tlsCaFile(), present);
        QCOMPARE(reread.tlsCertificate(), present);
        QCOMPARE(reread.tlsPrivateKey(), present);
    }

    void valuesSurviveANewInstance()
    {
        QTemporaryDir dir;
        {
            Settings settings(dir.path());
            settings.setLastAddress(QStringLiteral("sip:alice@192.0.2.1"));
            settings.setSipListen(QStringLiteral("127.0.0.1:5070"));
        } // no explicit save: written through
        Settings settings(dir.path());
        QCOMPARE(settings.lastAddress(), QStringLiteral("sip:alice@192.0.2.1"));
        QCOMPARE(settings.sipListen(), QStringLiteral("127.0.0.1:5070"));
    }
};

QTEST_GUILESS_MAIN(tst_Settings)
#include "tst_settings.moc"
