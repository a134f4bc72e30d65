// Covers SDES keying (RFC 4568) in the SDP layer: a=crypto lines read and written (one inline
// key, a lifetime kept, WSH allowed; an MKI, a second key, another key method, session
// parameters that change what SRTP protects, bad base64 refused), and offer/answer under each
// SrtpMode: what we offer (RTP/AVP with or without keys, RTP/SAVP), which offered line we take
// (the first with a suite of ours, answered under its tag with our key), offers refused for
// want of a usable key or for keys where we take none, and answers to our offers (the tag
// names our key, an answer without keys to a required offer, a tag we never offered).
#include "sipcore/sdp/cryptoattribute.h"
#include "sipcore/sdp/offeranswer.h"
#include "sipcore/sdp/sdperror.h"

#include <QTest>

using namespace sipcore::sdp;

namespace {

const std::string Key80(30, 'a');
const std::string Key32(30, 'b');

LocalMedia local(SrtpMode mode)
{
    return LocalMedia{.address = "127.0.0.1",
                      .port = 40000,
                      .codecs = {MediaFormat{0, "PCMU", 8000}},
                      .telephoneEvent = false,
                      .rtcpMux = false,
                      .srtp = mode,
                      .crypto = {CryptoAttribute{1, "AES_CM_128_HMAC_SHA1_80", Key80},
                                 CryptoAttribute{2, "AES_CM_128_HMAC_SHA1_32", Key32}}};
}

/// The base64 of 30 octets of \a c: a key as a peer writes it.
std::string peerKey(char c)
{
    return CryptoAttribute{1, "x", std::string(30, c)}.toString().substr(11);
}

std::string remote(const std::string &proto, const std::string &cryptoLines)
{
    return "v=0\r\no=peer 55 1 IN IP4 127.0.0.2\r\ns=-\r\nc=IN IP4 127.0.0.2\r\nt=0 0\r\n"
           "m=audio 30000 "
           + proto + " 0\r\n" + cryptoLines;
}

MediaDescription streamOf(const std::string &sdp)
{
    auto description = SessionDescription::parse(sdp);
    if (!description || description->media.empty())
        qFatal("does not parse: %s", sdp.c_str());
    return description->media.front();
}

} // namespace

class tst_Sdes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsCryptoLines_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<bool>("usable");
        QTest::addColumn<int>("tag");
        QTest::addColumn<QString>("suite");
        QTest::addColumn<QString>("lifetime");
        // RFC 4568 §4's example key, without its MKI.
        const QString key = QStringLiteral("inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR");
        QTest::newRow("plain") << "1 AES_CM_128_HMAC_SHA1_80 " + key << true << 1
                               << "AES_CM_128_HMAC_SHA1_80"
                               << "";
        QTest::newRow("lifetime") << "7 AES_CM_128_HMAC_SHA1_32 " + key + "|2^20" << true << 7
                                  << "AES_CM_128_HMAC_SHA1_32"
                                  << "2^20";
        QTest::newRow("decimal lifetime") << "2 AES_CM_128_HMAC_SHA1_80 " + key + "|1048576" << true
                                          << 2 << "AES_CM_128_HMAC_SHA1_80"
                                          << "1048576";
        QTest::newRow("window size hint") << "3 AES_CM_128_HMAC_SHA1_80 " + key + " WSH=64" << true
                                          << 3 << "AES_CM_128_HMAC_SHA1_80"
                                          << "";
        QTest::newRow("tabs between fields")
                << "4\tAES_CM_128_HMAC_SHA1_80\t" + key << true << 4 << "AES_CM_128_HMAC_SHA1_80"
                << "";
        QTest::newRow("MKI (RFC 4568 §4 example)")
                << "1 AES_CM_128_HMAC_SHA1_80 " + key + "|2^20|1:32" << false << 0 << ""
                << "";
        QTest::newRow("MKI without lifetime")
                << "1 AES_CM_128_HMAC_SHA1_80 " + key + "|1:4" << false << 0 << ""
                << "";
        QTest::newRow("two keys") << "1 AES_CM_128_HMAC_SHA1_80 " + key + ";" + key << false << 0
                                  << ""
                                  << "";
        QTest::newRow("another key method")
                << "1 AES_CM_128_HMAC_SHA1_80 uri:http://k.example/" << false << 0 << ""
                << "";
        QTest::newRow("UNENCRYPTED_SRTP")
                << "1 AES_CM_128_HMAC_SHA1_80 " + key + " UNENCRYPTED_SRTP" << false << 0 << ""
                << "";
        QTest::newRow("bad base64")
                << "1 AES_CM_128_HMAC_SHA1_80 inline:PS1u!CVe" << false << 0 << ""
                << "";
        QTest::newRow("no key") << "1 AES_CM_128_HMAC_SHA1_80 inline:" << false << 0 << ""
                                << "";
        QTest::newRow("tag not a number") << "x AES_CM_128_HMAC_SHA1_80 " + key << false << 0 << ""
                                          << "";
        QTest::newRow("ten-digit tag")
                << "1234567890 AES_CM_128_HMAC_SHA1_80 " + key << false << 0 << ""
                << "";
        QTest::newRow("missing key params") << "1 AES_CM_128_HMAC_SHA1_80" << false << 0 << ""
                                            << "";
    }
    void readsCryptoLines()
    {
        QFETCH(QString, value);
        QFETCH(bool, usable);
        QFETCH(int, tag);
        QFETCH(QString, suite);
        QFETCH(QString, lifetime);
        const auto crypto = CryptoAttribute::parse(value.toStdString());
        QCOMPARE(crypto.has_value(), usable);
        if (!crypto)
            return;
        QCOMPARE(int(crypto->tag), tag);
        QCOMPARE(QString::fromStdString(crypto->suite), suite);
        QCOMPARE(QString::fromStdString(crypto->lifetime), lifetime);
        QCOMPARE(crypto->keySalt.size(), std::size_t(30));
        // Written back, it reads the same.
        QCOMPARE(CryptoAttribute::parse(crypto->toString()), crypto);
    }

    void offersAsTheModeSays_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("mediaLine");
        QTest::addColumn<int>("cryptoLines");
        QTest::newRow("off") << int(SrtpMode::Off) << "m=audio 40000 RTP/AVP 0" << 0;
        QTest::newRow("optional") << int(SrtpMode::Optional) << "m=audio 40000 RTP/AVP 0" << 2;
        QTest::newRow("required") << int(SrtpMode::Required) << "m=audio 40000 RTP/SAVP 0" << 2;
    }
    void offersAsTheModeSays()
    {
        QFETCH(int, mode);
        QFETCH(QString, mediaLine);
        QFETCH(int, cryptoLines);
        OfferAnswer offerAnswer(local(SrtpMode(mode)), "1");
        const std::string offer = offerAnswer.createOffer(Direction::SendRecv);
        QVERIFY2(offer.find(mediaLine.toStdString() + "\r\n") != std::string::npos, offer.c_str());
        const MediaDescription stream = streamOf(offer);
        const auto lines = stream.attributes("crypto");
        QCOMPARE(int(lines.size()), cryptoLines);
        if (cryptoLines == 2) {
            QCOMPARE(CryptoAttribute::parse(lines[0]),
                     std::optional(CryptoAttribute{1, "AES_CM_128_HMAC_SHA1_80", Key80}));
            QCOMPARE(CryptoAttribute::parse(lines[1]),
                     std::optional(CryptoAttribute{2, "AES_CM_128_HMAC_SHA1_32", Key32}));
        }
    }

    void answersWithTheFirstSuiteWeHave()
    {
        OfferAnswer offerAnswer(local(SrtpMode::Optional), "1");
        const std::string offer
                = remote("RTP/SAVP", "a=crypto:1 AEAD_AES_256_GCM inline:" + peerKey('z')
                                             + "\r\n"
                                               "a=crypto:5 AES_CM_128_HMAC_SHA1_32 inline:"
                                             + peerKey('p')
                                             + "\r\na=crypto:6 AES_CM_128_HMAC_SHA1_80 inline:"
                                             + peerKey('q') + "\r\n");
        QCOMPARE(offerAnswer.setRemoteOffer(offer), std::error_code());
        const auto answer = offerAnswer.createAnswer(Direction::SendRecv);
        QVERIFY(answer);
        const MediaDescription stream = streamOf(*answer);
        QCOMPARE(stream.proto, std::string("RTP/SAVP"));
        const auto lines = stream.attributes("crypto");
        QCOMPARE(lines.size(), std::size_t(1));
        QCOMPARE(CryptoAttribute::parse(lines[0]),
                 std::optional(CryptoAttribute{5, "AES_CM_128_HMAC_SHA1_32", Key32}));
        QVERIFY(offerAnswer.audio());
        QCOMPARE(offerAnswer.audio()->srtp,
                 std::optional(
                         SrtpParameters{"AES_CM_128_HMAC_SHA1_32", Key32, std::string(30, 'p')}));
    }

    void answersOffers_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("proto");
        QTest::addColumn<bool>("withKey");
        QTest::addColumn<int>("error");      ///< SdpError, 0: taken
        QTest::addColumn<bool>("encrypted"); ///< when taken
        const int taken = 0;
        const int noCrypto = int(SdpError::NoUsableCrypto);
        QTest::newRow("off, plain offer")
                << int(SrtpMode::Off) << "RTP/AVP" << false << taken << false;
        QTest::newRow("off, best-effort offer")
                << int(SrtpMode::Off) << "RTP/AVP" << true << taken << false;
        QTest::newRow("off, SAVP offer")
                << int(SrtpMode::Off) << "RTP/SAVP" << true << noCrypto << false;
        QTest::newRow("optional, plain offer")
                << int(SrtpMode::Optional) << "RTP/AVP" << false << taken << false;
        QTest::newRow("optional, best-effort offer")
                << int(SrtpMode::Optional) << "RTP/AVP" << true << taken << true;
        QTest::newRow("optional, SAVP without a key")
                << int(SrtpMode::Optional) << "RTP/SAVP" << false << noCrypto << false;
        QTest::newRow("required, plain offer")
                << int(SrtpMode::Required) << "RTP/AVP" << false << noCrypto << false;
        QTest::newRow("required, best-effort offer")
                << int(SrtpMode::Required) << "RTP/AVP" << true << taken << true;
        QTest::newRow("required, SAVP offer")
                << int(SrtpMode::Required) << "RTP/SAVP" << true << taken << true;
    }
    void answersOffers()
    {
        QFETCH(int, mode);
        QFETCH(QString, proto);
        QFETCH(bool, withKey);
        QFETCH(int, error);
        QFETCH(bool, encrypted);
        OfferAnswer offerAnswer(local(SrtpMode(mode)), "1");
        const std::string offer
                = remote(proto.toStdString(), withKey ? "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"
                                                                + peerKey('r') + "\r\n"
                                                      : "");
        const std::error_code result = offerAnswer.setRemoteOffer(offer);
        QCOMPARE(result.value(), error);
        if (error) {
            QCOMPARE(offerAnswer.state(), OfferAnswer::State::Stable);
            return;
        }
        const auto answer = offerAnswer.createAnswer(Direction::SendRecv);
        QVERIFY(answer);
        const MediaDescription stream = streamOf(*answer);
        QCOMPARE(QString::fromStdString(stream.proto), proto); // §6.1 of RFC 3264: as offered
        QCOMPARE(stream.hasAttribute("crypto"), encrypted);
        QCOMPARE(offerAnswer.audio()->srtp.has_value(), encrypted);
    }

    void takesAnswersToOurOffers_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("proto");
        QTest::addColumn<QString>("cryptoLine");
        QTest::addColumn<int>("error");
        QTest::addColumn<QString>("suite"); ///< empty: plain RTP
        const QString key = QString::fromStdString(peerKey('s'));
        QTest::newRow("optional, tag 2 taken")
                << int(SrtpMode::Optional) << "RTP/AVP"
                << "2 AES_CM_128_HMAC_SHA1_32 inline:" + key << 0 << "AES_CM_128_HMAC_SHA1_32";
        QTest::newRow("optional, answered plain") << int(SrtpMode::Optional) << "RTP/AVP"
                                                  << "" << 0 << "";
        QTest::newRow("required, tag 1 taken")
                << int(SrtpMode::Required) << "RTP/SAVP"
                << "1 AES_CM_128_HMAC_SHA1_80 inline:" + key << 0 << "AES_CM_128_HMAC_SHA1_80";
        QTest::newRow("required, answered plain") << int(SrtpMode::Required) << "RTP/AVP"
                                                  << "" << int(SdpError::NoUsableCrypto) << "";
        QTest::newRow("a tag we never offered") << int(SrtpMode::Optional) << "RTP/AVP"
                                                << "7 AES_CM_128_HMAC_SHA1_80 inline:" + key
                                                << int(SdpError::NotAnswerToOffer) << "";
        QTest::newRow("our tag with another suite") << int(SrtpMode::Optional) << "RTP/AVP"
                                                    << "1 AES_CM_128_HMAC_SHA1_32 inline:" + key
                                                    << int(SdpError::NotAnswerToOffer) << "";
        QTest::newRow("a key of the wrong length")
                << int(SrtpMode::Optional) << "RTP/AVP"
                << "1 AES_CM_128_HMAC_SHA1_80 inline:Zm9v" << int(SdpError::NotAnswerToOffer) << "";
    }
    void takesAnswersToOurOffers()
    {
        QFETCH(int, mode);
        QFETCH(QString, proto);
        QFETCH(QString, cryptoLine);
        QFETCH(int, error);
        QFETCH(QString, suite);
        OfferAnswer offerAnswer(local(SrtpMode(mode)), "1");
        offerAnswer.createOffer(Direction::SendRecv);
        const std::string answer = remote(
                proto.toStdString(),
                cryptoLine.isEmpty() ? "" : "a=crypto:" + cryptoLine.toStdString() + "\r\n");
        QCOMPARE(offerAnswer.setRemoteAnswer(answer).value(), error);
        if (error) {
            QCOMPARE(offerAnswer.state(), OfferAnswer::State::HaveLocalOffer);
            return;
        }
        QVERIFY(offerAnswer.audio());
        const auto &srtp = offerAnswer.audio()->srtp;
        QCOMPARE(srtp.has_value(), !suite.isEmpty());
        if (!srtp)
            return;
        QCOMPARE(QString::fromStdString(srtp->suite), suite);
        QCOMPARE(srtp->localKey, suite.endsWith(QLatin1String("_32")) ? Key32 : Key80);
        QCOMPARE(srtp->remoteKey, std::string(30, 's'));
    }

    void keysStayTheSameInReOffers()
    {
        OfferAnswer offerAnswer(local(SrtpMode::Optional), "1");
        const std::string first = offerAnswer.createOffer(Direction::SendRecv);
        offerAnswer.setRemoteAnswer(remote(
                "RTP/AVP", "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:" + peerKey('t') + "\r\n"));
        const std::string second = offerAnswer.createOffer(Direction::SendOnly);
        QCOMPARE(streamOf(second).attributes("crypto"), streamOf(first).attributes("crypto"));
    }
};

QTEST_GUILESS_MAIN(tst_Sdes)
#include "tst_sdes.moc"
