// Covers uriheaders: reading a header out of a SIP URI's headers part (names compared as header
// names, escapes decoded), reading them all in order, and escaping a value so that it fits an
// hvalue (RFC 3261 §25.1).
#include "sipcore/syntax/uri.h"
#include "sipcore/syntax/uriheaders.h"

#include <QtTest>

using namespace sipcore;

class tst_UriHeaders : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void find_data()
    {
        QTest::addColumn<QString>("headers");
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("found");
        QTest::addColumn<QString>("value");
        QTest::newRow("escaped Replaces") << "Replaces=a%40b%3Bto-tag%3D1%3Bfrom-tag%3D2"
                                          << "Replaces" << true << "a@b;to-tag=1;from-tag=2";
        QTest::newRow("name case") << "replaces=x"
                                   << "Replaces" << true << "x";
        QTest::newRow("second header") << "Subject=hi&Replaces=x%3By"
                                       << "Replaces" << true << "x;y";
        QTest::newRow("first of two") << "Subject=one&Subject=two"
                                      << "Subject" << true << "one";
        QTest::newRow("compact name") << "s=lunch"
                                      << "Subject" << true << "lunch";
        QTest::newRow("empty value") << "Subject="
                                     << "Subject" << true << "";
        QTest::newRow("absent") << "Subject=hi"
                                << "Replaces" << false << "";
        QTest::newRow("no headers") << ""
                                    << "Replaces" << false << "";
        QTest::newRow("stray percent kept") << "Subject=100%"
                                            << "Subject" << true << "100%";
    }

    void find()
    {
        QFETCH(QString, headers);
        QFETCH(QString, name);
        QFETCH(bool, found);
        QFETCH(QString, value);
        const auto result = uriheaders::find(headers.toStdString(), name.toStdString());
        QCOMPARE(result.has_value(), found);
        if (found)
            QCOMPARE(QString::fromStdString(*result), value);
    }

    void allInOrderDecoded()
    {
        using Headers = std::vector<std::pair<std::string, std::string>>;
        QCOMPARE(uriheaders::all("Subject=Transferred%20call&x-account=42&novalue&Subject=again"),
                 (Headers{{"Subject", "Transferred call"},
                          {"x-account", "42"},
                          {"Subject", "again"}}));
        QCOMPARE(uriheaders::all("%53ubject=a%26b"), (Headers{{"Subject", "a&b"}}));
        QVERIFY(uriheaders::all("").empty());
    }

    void escapedValueRoundTrips()
    {
        const std::string replaces = "8f3a@host.example;to-tag=a b;from-tag=%x&y=z";
        const std::string escaped = uriheaders::escapeValue(replaces);
        QCOMPARE(escaped, std::string("8f3a%40host.example%3Bto-tag%3Da%20b%3Bfrom-tag%3D%25x%26y%"
                                      "3Dz"));
        // The escaped value is a valid URI header, and reads back as it was.
        const auto uri = Uri::parse("sip:carol@192.0.2.30?Replaces=" + escaped);
        QVERIFY(uri.ok());
        QCOMPARE(uriheaders::find(uri->headers, "Replaces").value_or(""), replaces);
    }
};

QTEST_GUILESS_MAIN(tst_UriHeaders)
#include "tst_uriheaders.moc"
