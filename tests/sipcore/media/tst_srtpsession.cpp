// Covers SrtpSession (RFC 3711 through libsrtp2): the known answer for AES_CM_128_HMAC_SHA1_80
// (libsrtp's own validation vectors: SSRC 0xcafebabe, sequence 0x1234, sixteen 0xab octets,
// and an SRTCP sender report), each suite protecting and unprotecting RTP and RTCP with the
// tag length it names, fresh keys for each call, and what must fail: a changed octet, a replay, the
// wrong key, plain RTP, a suite we do not have and a key of the wrong length.
#include "sipcore/media/srtpsession.h"

#include <QTest>

#include <array>
#include <vector>

using sipcore::media::SrtpSession;

namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes hex(std::string_view text)
{
    Bytes out;
    for (std::size_t i = 0; i + 1 < text.size(); i += 2)
        out.push_back(
                static_cast<std::uint8_t>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16)));
    return out;
}

std::string key(std::string_view hexText)
{
    const Bytes bytes = hex(hexText);
    return std::string(bytes.begin(), bytes.end());
}

const std::string TestKey = key("e1f97a0d3e018be0d64fa32c06de41390ec675ad498afeebb6960b3aabe6");
const Bytes RtpPlain = hex("800f1234decafbadcafebabe"
                           "abababababababababababababababab");
const Bytes RtcpPlain = hex("81c8000bcafebabe"
                            "abababababababababababababababab");

/// \a packet in a buffer with room for the trailer.
Bytes withRoom(const Bytes &packet)
{
    Bytes buffer = packet;
    buffer.resize(packet.size() + SrtpSession::MaxTrailer);
    return buffer;
}

std::unique_ptr<SrtpSession>
make(const std::string &suite, const std::string &keySalt, SrtpSession::Direction direction)
{
    return SrtpSession::make(suite, keySalt, direction);
}

} // namespace

class tst_SrtpSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void knownAnswer()
    {
        auto sender = make("AES_CM_128_HMAC_SHA1_80", TestKey, SrtpSession::Direction::Outbound);
        QVERIFY(sender);
        Bytes rtp = withRoom(RtpPlain);
        const std::size_t rtpSize = sender->protectRtp(rtp, RtpPlain.size());
        rtp.resize(rtpSize);
        QCOMPARE(rtp, hex("800f1234decafbadcafebabe"
                          "4e55dc4ce79978d88ca4d215949d2402"
                          "b78d6acc99ea179b8dbb"));
        Bytes rtcp = withRoom(RtcpPlain);
        rtcp.resize(sender->protectRtcp(rtcp, RtcpPlain.size()));
        QCOMPARE(rtcp, hex("81c8000bcafebabe"
                           "7128035be487b9bdbef89041f977a5a8"
                           "80000001"
                           "993e08cd54d6c1230798"));

        auto receiver = make("AES_CM_128_HMAC_SHA1_80", TestKey, SrtpSession::Direction::Inbound);
        QVERIFY(receiver);
        rtp.resize(receiver->unprotectRtp(rtp));
        QCOMPARE(rtp, RtpPlain);
        rtcp.resize(receiver->unprotectRtcp(rtcp));
        QCOMPARE(rtcp, RtcpPlain);
    }

    void eachSuiteRoundTrips_data()
    {
        QTest::addColumn<QString>("suite");
        QTest::addColumn<int>("keyLength");
        QTest::addColumn<int>("rtpTag");
        for (const std::string &suite : SrtpSession::suites()) {
            const int length = int(SrtpSession::keyLength(suite));
            const int tag = suite.ends_with("_32") ? 4 : 10;
            QTest::newRow(suite.c_str()) << QString::fromStdString(suite) << length << tag;
        }
    }
    void eachSuiteRoundTrips()
    {
        QFETCH(QString, suite);
        QFETCH(int, keyLength);
        QFETCH(int, rtpTag);
        QVERIFY(keyLength == 30 || keyLength == 46);
        const std::string keySalt(std::size_t(keyLength), '\x5a');
        auto sender = make(suite.toStdString(), keySalt, SrtpSession::Direction::Outbound);
        auto receiver = make(suite.toStdString(), keySalt, SrtpSession::Direction::Inbound);
        QVERIFY(sender && receiver);
        for (std::uint8_t sequence = 0; sequence < 5; ++sequence) {
            Bytes plain = RtpPlain;
            plain[3] = sequence;
            Bytes packet = withRoom(plain);
            packet.resize(sender->protectRtp(packet, plain.size()));
            QCOMPARE(int(packet.size()), int(plain.size()) + rtpTag);
            QVERIFY(!std::equal(plain.begin() + 12, plain.end(), packet.begin() + 12));
            packet.resize(receiver->unprotectRtp(packet));
            QCOMPARE(packet, plain);
        }
        // SRTCP keeps an 80-bit tag in every suite (RFC 4568 §6.2.2), after the 4-octet index.
        Bytes rtcp = withRoom(RtcpPlain);
        rtcp.resize(sender->protectRtcp(rtcp, RtcpPlain.size()));
        QCOMPARE(rtcp.size(), RtcpPlain.size() + 14);
        rtcp.resize(receiver->unprotectRtcp(rtcp));
        QCOMPARE(rtcp, RtcpPlain);
    }

    void refusesWhatDoesNotAuthenticate()
    {
        const std::string suite = "AES_CM_128_HMAC_SHA1_80";
        auto sender = make(suite, TestKey, SrtpSession::Direction::Outbound);
        auto receiver = make(suite, TestKey, SrtpSession::Direction::Inbound);
        auto stranger = make(suite, std::string(30, '\x01'), SrtpSession::Direction::Inbound);
        QVERIFY(sender && receiver && stranger);
        Bytes packet = withRoom(RtpPlain);
        packet.resize(sender->protectRtp(packet, RtpPlain.size()));

        Bytes changed = packet;
        changed[14] ^= 0x01;
        QCOMPARE(receiver->unprotectRtp(changed), std::size_t(0));
        Bytes wrongKey = packet;
        QCOMPARE(stranger->unprotectRtp(wrongKey), std::size_t(0));
        Bytes plain = RtpPlain;
        plain[3] = 0x35; // another sequence number, so not a replay: fails on its tag alone
        QCOMPARE(receiver->unprotectRtp(plain), std::size_t(0));

        Bytes first = packet;
        QCOMPARE(receiver->unprotectRtp(first), RtpPlain.size());
        Bytes replay = packet;
        QCOMPARE(receiver->unprotectRtp(replay), std::size_t(0));

        Bytes rtcp = withRoom(RtcpPlain);
        rtcp.resize(sender->protectRtcp(rtcp, RtcpPlain.size()));
        rtcp[9] ^= 0x80;
        QCOMPARE(receiver->unprotectRtcp(rtcp), std::size_t(0));
    }

    void freshKeysPerCall()
    {
        const auto first = SrtpSession::freshKeys();
        const auto second = SrtpSession::freshKeys();
        QCOMPARE(first.size(), SrtpSession::suites().size());
        for (std::size_t i = 0; i < first.size(); ++i) {
            QCOMPARE(first[i].tag, unsigned(i + 1));
            QCOMPARE(first[i].suite, SrtpSession::suites()[i]);
            QCOMPARE(first[i].keySalt.size(), SrtpSession::keyLength(first[i].suite));
            QVERIFY(first[i].keySalt != second[i].keySalt); // 240+ random bits each
            QVERIFY(SrtpSession::make(first[i].suite, first[i].keySalt,
                                      SrtpSession::Direction::Outbound));
        }
    }

    void refusesUnknownSuitesAndBadKeys()
    {
        QVERIFY(!make("AEAD_AES_256_GCM", std::string(44, 'k'), SrtpSession::Direction::Inbound));
        QVERIFY(!make("AES_CM_128_HMAC_SHA1_80", std::string(29, 'k'),
                      SrtpSession::Direction::Inbound));
        QVERIFY(!make("AES_256_CM_HMAC_SHA1_80", std::string(30, 'k'),
                      SrtpSession::Direction::Outbound));
        QCOMPARE(SrtpSession::keyLength("AES_CM_128_HMAC_SHA1_32"), std::size_t(30));
        QCOMPARE(SrtpSession::keyLength("AES_256_CM_HMAC_SHA1_80"), std::size_t(46));
        QCOMPARE(SrtpSession::keyLength("F8_128_HMAC_SHA1_80"), std::size_t(0));
        // Too little room after the packet for the tag: refused, nothing written past it.
        auto sender = make("AES_CM_128_HMAC_SHA1_80", TestKey, SrtpSession::Direction::Outbound);
        Bytes tight = RtpPlain;
        QCOMPARE(sender->protectRtp(tight, tight.size()), std::size_t(0));
    }
};

QTEST_GUILESS_MAIN(tst_SrtpSession)
#include "tst_srtpsession.moc"
