// Covers AudioStream on real UDP sockets on 127.0.0.1, with the test as the peer: under SRTP
// every packet on the wire is protected (it unprotects with our key to the PCMU frame, RTCP
// too), the peer's protected packets are taken and forged, mis-keyed or plain ones dropped and
// counted (STUN on the port passed over uncounted), and nothing goes out when the agreed keys
// cannot be used; NAT latching (RFC 4961):
// plain RTP moves us after three packets in sequence from where the peer really is, an
// authenticated SRTP packet at once, an unauthenticated one never, and once settled a stray
// packet from elsewhere does not; an SSRC collision (RFC 3550 §8.2) makes us send a BYE for
// our SSRC and take a new one, once per source (a reflector's loop is left alone). Opus's
// in-band FEC follows the peer's reports: on before the first, off after a clean one, on again
// after a lossy one, read from the LBRR flag of each packet (RFC 6716 §4.2.3).
#include "sipcore/media/audiostream.h"
#include "sipcore/media/networkorder.h"
#include "sipcore/media/rtcppacket.h"
#include "sipcore/media/rtppacket.h"
#include "sipcore/media/srtpsession.h"

#include "support/rununtil.h"

#include <boost/asio/io_context.hpp>

#include <QTest>

#include <deque>
#include <optional>

using namespace sipcore::media;
using boost::asio::ip::udp;
using sipcore::test::runUntil;

namespace {

constexpr unsigned EngineRate = 48000;
const std::string OurKey(30, '\x11');
const std::string PeerKey(30, '\x22');
const std::string Suite = "AES_CM_128_HMAC_SHA1_80";

/// A UDP socket on 127.0.0.1 that keeps every datagram it receives.
class Peer
{
public:
    struct Datagram
    {
        std::vector<std::uint8_t> bytes;
        udp::endpoint from;
    };

    explicit Peer(boost::asio::io_context &io)
        : m_socket(io, udp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0))
    {
        receive();
    }
    ~Peer()
    {
        boost::system::error_code ignored;
        m_socket.close(ignored);
    }

    std::uint16_t port() const { return m_socket.local_endpoint().port(); }
    void send(const std::vector<std::uint8_t> &bytes, const udp::endpoint &to)
    {
        m_socket.send_to(boost::asio::buffer(bytes), to);
    }
    std::deque<Datagram> received;

private:
    void receive()
    {
        m_socket.async_receive_from(
                boost::asio::buffer(m_buffer), m_from,
                [this](const boost::system::error_code &error, std::size_t n) {
                    if (error)
                        return;
                    received.push_back({{m_buffer.begin(), m_buffer.begin() + n}, m_from});
                    receive();
                });
    }

    udp::socket m_socket;
    std::array<std::uint8_t, 2048> m_buffer{};
    udp::endpoint m_from;
};

/// A stream on 127.0.0.1 and what it was told: PCMU at 20 ms, RTCP muxed.
struct Fixture
{
    boost::asio::io_context io;
    std::shared_ptr<AudioStream> stream;
    udp::endpoint streamEndpoint;

    Fixture()
    {
        const auto loopback = boost::asio::ip::make_address("127.0.0.1");
        udp::socket rtp(io, udp::endpoint(loopback, 0));
        udp::socket rtcp(io, udp::endpoint(loopback, 0));
        streamEndpoint = rtp.local_endpoint();
        stream = std::make_shared<AudioStream>(std::move(rtp), std::move(rtcp), EngineRate);
    }
    ~Fixture()
    {
        stream->stop();
        io.restart();
        io.poll();
    }

    static sipcore::sdp::NegotiatedAudio audio(std::uint16_t peerPort, bool srtp)
    {
        const sipcore::sdp::MediaFormat pcmu{0, "PCMU", 8000};
        sipcore::sdp::NegotiatedAudio audio;
        audio.remoteAddress = "127.0.0.1";
        audio.remoteRtpPort = audio.remoteRtcpPort = peerPort;
        audio.rtcpMux = true;
        audio.sendCodec = pcmu;
        audio.receiveFormats = {pcmu};
        if (srtp)
            audio.srtp = sipcore::sdp::SrtpParameters{Suite, OurKey, PeerKey};
        return audio;
    }

    /// One 20 ms frame of the engine's: one PCMU packet.
    void sendFrame()
    {
        std::vector<std::int16_t> frame(EngineRate / 50);
        for (std::size_t i = 0; i < frame.size(); ++i)
            frame[i] = static_cast<std::int16_t>(
                    8000 * std::sin(2 * M_PI * 440 * double(i) / EngineRate));
        stream->sendFrame(frame);
    }
};

std::vector<std::uint8_t> rtp(std::uint16_t sequence, std::uint32_t ssrc)
{
    std::array<std::uint8_t, 172> out{};
    const std::vector<std::uint8_t> payload(160, 0xd5);
    const std::size_t size = RtpPacket::write(RtpHeader{.payloadType = 0,
                                                        .sequenceNumber = sequence,
                                                        .timestamp = sequence * 160u,
                                                        .ssrc = ssrc},
                                              payload, out);
    return {out.begin(), out.begin() + static_cast<std::ptrdiff_t>(size)};
}

/// Whether the Opus \a payload, one 20 ms frame in SILK or hybrid mode, carries LBRR (FEC)
/// data for the frame before: the second header bit of the SILK layer, the first octet after
/// the TOC (RFC 6716 §4.2.3: VAD flag, then LBRR flag). Nothing for a packet of another kind
/// (CELT only has no LBRR flag to read).
std::optional<bool> carriesFec(std::span<const std::uint8_t> payload)
{
    if (payload.size() < 2 || payload[0] >> 3 >= 16 || (payload[0] & 3) != 0)
        return std::nullopt;
    return (payload[1] & 0x40) != 0;
}

std::vector<std::uint8_t> protect(SrtpSession &session, std::vector<std::uint8_t> packet)
{
    const std::size_t size = packet.size();
    packet.resize(size + SrtpSession::MaxTrailer);
    packet.resize(session.protectRtp(packet, size));
    return packet;
}

} // namespace

class tst_AudioStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void srtpOnTheWire()
    {
        Fixture f;
        Peer peer(f.io);
        f.stream->configure(Fixture::audio(peer.port(), true));
        QCOMPARE(f.stream->statistics().srtpSuite, Suite);
        for (int i = 0; i < 3; ++i)
            f.sendFrame();
        QVERIFY(runUntil(f.io, [&] { return peer.received.size() >= 3; }));
        auto ours = SrtpSession::make(Suite, OurKey, SrtpSession::Direction::Inbound);
        for (Peer::Datagram &datagram : peer.received) {
            QCOMPARE(datagram.bytes.size(), std::size_t(12 + 160 + 10));
            const std::vector<std::uint8_t> wire = datagram.bytes;
            const std::size_t plain = ours->unprotectRtp(datagram.bytes);
            QCOMPARE(plain, std::size_t(12 + 160));
            // Encrypted: the payload on the wire is not the PCMU frame it carries.
            QVERIFY(!std::equal(wire.begin() + 12, wire.begin() + 172,
                                datagram.bytes.begin() + 12));
            QVERIFY(RtpPacket::parse({datagram.bytes.data(), plain}));
        }
        peer.received.clear();

        // RTCP is protected too, muxed on the RTP port.
        f.stream->sendReportIfDue(std::chrono::steady_clock::now() + std::chrono::minutes(1));
        QVERIFY(runUntil(f.io, [&] { return !peer.received.empty(); }));
        std::vector<std::uint8_t> report = peer.received.front().bytes;
        QVERIFY(!RtcpPacket::parse(report)); // the SRTCP trailer makes it no plain compound packet
        report.resize(ours->unprotectRtcp(report));
        const auto parsed = RtcpPacket::parse(report);
        QVERIFY(parsed);
        QCOMPARE(parsed->ssrc, f.stream->ssrc());

        // What the peer sends: protected with its key it is taken; forged, under our key, or
        // in the clear it is dropped and counted.
        auto theirs = SrtpSession::make(Suite, PeerKey, SrtpSession::Direction::Outbound);
        auto wrong = SrtpSession::make(Suite, OurKey, SrtpSession::Direction::Outbound);
        const std::uint32_t peerSsrc = 0x1234abcd;
        peer.send(protect(*theirs, rtp(1, peerSsrc)), f.streamEndpoint);
        QVERIFY(runUntil(f.io, [&] { return f.stream->statistics().packetsReceived == 1; }));
        std::vector<std::uint8_t> forged = protect(*theirs, rtp(2, peerSsrc));
        forged[20] ^= 0x40;
        peer.send(forged, f.streamEndpoint);
        peer.send(protect(*wrong, rtp(3, peerSsrc)), f.streamEndpoint);
        peer.send(rtp(4, peerSsrc), f.streamEndpoint);
        QVERIFY(runUntil(f.io, [&] { return f.stream->statistics().packetsRejected == 3; }));
        // A STUN binding request on the port (linphone sends them) is not RTP: passed over,
        // not counted against SRTP. Sent first, it is handled before the packet after it.
        peer.send({0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42, 1,  2,
                   3,    4,    5,    6,    7,    8,    9,    10,   11, 12},
                  f.streamEndpoint);
        peer.send(protect(*theirs, rtp(5, peerSsrc)), f.streamEndpoint);
        QVERIFY(runUntil(f.io, [&] { return f.stream->statistics().packetsReceived == 2; }));
        QCOMPARE(f.stream->statistics().packetsRejected, std::uint64_t(3));
        QCOMPARE(f.stream->statistics().reportsRejected, std::uint64_t(0));
    }

    void plainWhenNotAgreed()
    {
        Fixture f;
        Peer peer(f.io);
        f.stream->configure(Fixture::audio(peer.port(), false));
        QVERIFY(f.stream->statistics().srtpSuite.empty());
        f.sendFrame();
        QVERIFY(runUntil(f.io, [&] { return !peer.received.empty(); }));
        QCOMPARE(peer.received.front().bytes.size(), std::size_t(12 + 160));
        QVERIFY(RtpPacket::parse(peer.received.front().bytes));
    }

    void nothingInTheClearWhenTheKeysCannotBeUsed()
    {
        Fixture f;
        Peer peer(f.io);
        auto audio = Fixture::audio(peer.port(), true);
        audio.srtp->suite = "AES_CM_128_NO_SUCH_SUITE";
        f.stream->configure(audio);
        for (int i = 0; i < 5; ++i)
            f.sendFrame();
        // Sending is synchronous: a packet would have been counted by now.
        QCOMPARE(f.stream->statistics().packetsSent, std::uint64_t(0));
        f.stream->sendReportIfDue(std::chrono::steady_clock::now() + std::chrono::minutes(1));
        peer.send(rtp(1, 7), f.streamEndpoint);
        QVERIFY(runUntil(f.io, [&] { return f.stream->statistics().packetsRejected == 1; }));
        QVERIFY(peer.received.empty());
    }

    void latchesOntoWhereThePlainPeerSends()
    {
        Fixture f;
        Peer signaled(f.io); // where the peer's description says it is
        Peer real(f.io);     // where its packets come from (its NAT's mapping)
        Peer stray(f.io);
        f.stream->configure(Fixture::audio(signaled.port(), false));
        f.sendFrame();
        QVERIFY(runUntil(f.io, [&] { return signaled.received.size() == 1; }));

        // Two in sequence are not enough, nor is one out of sequence.
        real.send(rtp(10, 99), f.streamEndpoint);
        real.send(rtp(11, 99), f.streamEndpoint);
        real.send(rtp(13, 99), f.streamEndpoint);
        QVERIFY(runUntil(f.io, [&] { return f.stream->statistics().packetsReceived == 3; }));
        QCOMPARE(f.stream->remote().port(), signaled.port());
        real.send(rtp(14, 99), f.streamEndpoint);
        real.send(rtp(15, 99), f.streamEndpoint);
        QVERIFY(runUntil(f.io, [&] { return f.stream->statistics().packetsReceived == 5; }));
        QCOMPARE(f.stream->remote().port(), real.port());
        QCOMPARE(f.stream->statistics().latches, std::uint64_t(1));
        f.sendFrame();
        QVERIFY(runUntil(f.io, [&] { return real.received.size() == 1; }));
        QCOMPARE(signaled.received.size(), std::size_t(1));

        // Settled: three (even nine) in sequence from elsewhere do not move us, ten do.
        for (std::uint16_t sequence = 100; sequence < 109; ++sequence)
            stray.send(rtp(sequence, 99), f.streamEndpoint);
        QVERIFY(runUntil(f.io, [&] { return f.stream->statistics().packetsReceived == 14; }));
        QCOMPARE(f.stream->remote().port(), real.port());
        stray.send(rtp(109, 99), f.streamEndpoint);
        QVERIFY(runUntil(f.io, [&] { return f.stream->statistics().packetsReceived == 15; }));
        QCOMPARE(f.stream->remote().port(), stray.port());

        // The same description again (a re-INVITE for hold and back) keeps the latch.
        f.stream->configure(Fixture::audio(signaled.port(), false));
        QCOMPARE(f.stream->remote().port(), stray.port());
    }

    void latchesAtOnceOnlyOntoAuthenticatedPackets()
    {
        Fixture f;
        Peer signaled(f.io);
        Peer real(f.io);
        Peer forger(f.io);
        f.stream->configure(Fixture::audio(signaled.port(), true));
        auto wrong = SrtpSession::make(Suite, OurKey, SrtpSession::Direction::Outbound);
        for (std::uint16_t sequence = 1; sequence <= 5; ++sequence)
            forger.send(protect(*wrong, rtp(sequence, 5)), f.streamEndpoint);
        QVERIFY(runUntil(f.io, [&] { return f.stream->statistics().packetsRejected == 5; }));
        QCOMPARE(f.stream->remote().port(), signaled.port());

        auto theirs = SrtpSession::make(Suite, PeerKey, SrtpSession::Direction::Outbound);
        real.send(protect(*theirs, rtp(1, 6)), f.streamEndpoint);
        QVERIFY(runUntil(f.io, [&] { return f.stream->statistics().packetsReceived == 1; }));
        QCOMPARE(f.stream->remote().port(), real.port());
    }

    void fecFollowsTheLossThePeerReports()
    {
        Fixture f;
        Peer peer(f.io);
        auto audio = Fixture::audio(peer.port(), false);
        const sipcore::sdp::MediaFormat opus{111, "opus", 48000, 2};
        audio.sendCodec = opus;
        audio.receiveFormats = {opus};
        f.stream->configure(audio);
        // A voice (harmonics of a gliding 150 Hz in 4 Hz syllables) keeps Opus in SILK or
        // hybrid mode, and speech-active as LBRR needs, but for a frame or two in each
        // syllable's trough.
        std::size_t at = 0;
        const auto packetsWithFec = [&] {
            peer.received.clear();
            constexpr int Frames = 25;
            for (int i = 0; i < Frames; ++i) {
                std::vector<std::int16_t> frame(EngineRate / 50);
                for (std::int16_t &sample : frame) {
                    const double t = double(at++) / EngineRate;
                    const double pitch = 150 * (1 + 0.1 * std::sin(2 * M_PI * 0.5 * t));
                    double value = 0;
                    for (int harmonic = 1; harmonic < 20; ++harmonic)
                        value += std::sin(2 * M_PI * harmonic * pitch * t) / harmonic;
                    const double syllable = 0.5 + 0.5 * std::sin(2 * M_PI * 4 * t);
                    sample = static_cast<std::int16_t>(4000 * syllable * value);
                }
                f.stream->sendFrame(frame);
            }
            if (!runUntil(f.io, [&] { return peer.received.size() == Frames; }))
                return -1;
            // The first packet's FEC, if any, is for the frame before, encoded before the
            // report: it is left out.
            int withFec = 0;
            peer.received.pop_front();
            for (const Peer::Datagram &datagram : peer.received) {
                const auto packet = RtpPacket::parse(datagram.bytes);
                if (!packet || packet->header.payloadType != 111)
                    return -1;
                // Every packet must be one whose flag can be read, or no FEC proves nothing.
                const std::optional<bool> fec = carriesFec(packet->payload);
                if (!fec)
                    return -1;
                withFec += *fec ? 1 : 0;
            }
            return withFec;
        };
        const auto report = [&](std::uint8_t fractionLost) {
            const std::uint64_t before = f.stream->rtcpFigures().reportsReceived;
            RtcpPacket rr{.ssrc = 0x5eed,
                          .reports
                          = {ReportBlock{.ssrc = f.stream->ssrc(), .fractionLost = fractionLost}}};
            std::array<std::uint8_t, 1500> bytes{};
            const std::size_t size = RtcpPacket::write(rr, bytes);
            peer.send({bytes.begin(), bytes.begin() + std::ptrdiff_t(size)}, f.streamEndpoint);
            return runUntil(f.io,
                            [&] { return f.stream->rtcpFigures().reportsReceived == before + 1; });
        };

        // Before any report: FEC (libopus gave 19–20 of 24 packets LBRR on this voice).
        int withFec = packetsWithFec();
        QVERIFY2(withFec >= 15, QByteArray::number(withFec));
        // The peer lost nothing: no FEC.
        QVERIFY(report(0));
        withFec = packetsWithFec();
        QCOMPARE(withFec, 0);
        // The peer lost a tenth: FEC again.
        QVERIFY(report(26));
        withFec = packetsWithFec();
        QVERIFY2(withFec >= 15, QByteArray::number(withFec));
    }

    void changesSsrcOnACollision()
    {
        Fixture f;
        Peer peer(f.io);
        f.stream->configure(Fixture::audio(peer.port(), false));
        const std::uint32_t before = f.stream->ssrc();
        peer.send(rtp(1, before), f.streamEndpoint);
        QVERIFY(runUntil(f.io, [&] { return f.stream->statistics().ssrcCollisions == 1; }));
        const std::uint32_t after = f.stream->ssrc();
        QVERIFY(after != before);
        // A BYE for the old SSRC went out, and what follows carries the new one.
        QVERIFY(runUntil(f.io, [&] { return !peer.received.empty(); }));
        const auto bye = RtcpPacket::parse(peer.received.front().bytes);
        QVERIFY(bye);
        QVERIFY(bye->bye);
        QCOMPARE(bye->ssrc, before);
        f.sendFrame();
        QVERIFY(runUntil(f.io, [&] { return peer.received.size() == 2; }));
        const auto packet = RtpPacket::parse(peer.received.back().bytes);
        QVERIFY(packet);
        QCOMPARE(packet->header.ssrc, after);

        // Our new SSRC coming back from the same place is a loop (a reflector): left alone.
        peer.send(rtp(2, after), f.streamEndpoint);
        QVERIFY(runUntil(f.io, [&] { return f.stream->statistics().packetsReceived == 2; }));
        QCOMPARE(f.stream->ssrc(), after);
        QCOMPARE(f.stream->statistics().ssrcCollisions, std::uint64_t(1));
    }
};

QTEST_GUILESS_MAIN(tst_AudioStream)
#include "tst_audiostream.moc"
