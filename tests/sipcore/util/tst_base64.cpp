// Covers base64 (RFC 4648 §4): the test vectors of §10 both ways, all 256 octet values through
// a round trip, keys written without padding, and what decode refuses.
#include "sipcore/util/base64.h"

#include <QTest>

namespace base64 = sipcore::base64;

class tst_Base64 : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfc4648Vectors_data()
    {
        QTest::addColumn<QByteArray>("octets");
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("empty") << QByteArray() << QByteArray();
        QTest::newRow("f") << QByteArray("f") << QByteArray("Zg==");
        QTest::newRow("fo") << QByteArray("fo") << QByteArray("Zm8=");
        QTest::newRow("foo") << QByteArray("foo") << QByteArray("Zm9v");
        QTest::newRow("foob") << QByteArray("foob") << QByteArray("Zm9vYg==");
        QTest::newRow("fooba") << QByteArray("fooba") << QByteArray("Zm9vYmE=");
        QTest::newRow("foobar") << QByteArray("foobar") << QByteArray("Zm9vYmFy");
    }
    void rfc4648Vectors()
    {
        QFETCH(QByteArray, octets);
        QFETCH(QByteArray, text);
        QCOMPARE(QByteArray::fromStdString(base64::encode(octets.toStdString())), text);
        const auto decoded = base64::decode(text.toStdString());
        QVERIFY(decoded);
        QCOMPARE(QByteArray::fromStdString(*decoded), octets);
    }

    void everyOctetRoundTrips()
    {
        std::string all;
        for (int i = 0; i < 256; ++i)
            all += static_cast<char>(i);
        for (std::size_t length = 0; length <= all.size(); length += 37) {
            const std::string part = all.substr(0, length);
            const std::string text = base64::encode(part);
            QCOMPARE(text, QByteArray::fromRawData(part.data(), qsizetype(part.size()))
                                   .toBase64()
                                   .toStdString());
            QCOMPARE(base64::decode(text), std::optional<std::string>(part));
        }
    }

    void takesKeysWithoutPadding()
    {
        QCOMPARE(base64::decode("Zm9vYg"), std::optional<std::string>("foob"));
        QCOMPARE(base64::decode("Zm9vYmE"), std::optional<std::string>("fooba"));
    }

    void refusesWhatIsNotBase64_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("outside the alphabet") << QByteArray("Zm9v!mFy");
        QTest::newRow("url-safe alphabet") << QByteArray("Zm9-");
        QTest::newRow("padding in the middle") << QByteArray("Zg==Zm8=");
        QTest::newRow("too much padding") << QByteArray("Zg===");
        QTest::newRow("one character left over") << QByteArray("Zm9vY");
        QTest::newRow("unused bits set") << QByteArray("Zh==");
        QTest::newRow("space") << QByteArray("Zm9v Zm9v");
    }
    void refusesWhatIsNotBase64()
    {
        QFETCH(QByteArray, text);
        QCOMPARE(base64::decode(text.toStdString()), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(tst_Base64)
#include "tst_base64.moc"
