#pragma once

#include "sipcore/media/audiocodec.h"
#include "sipcore/media/dtmfdetector.h"
#include "sipcore/media/dtmfeventreceiver.h"
#include "sipcore/media/dtmfeventsender.h"
#include "sipcore/media/dtmftonegenerator.h"
#include "sipcore/media/jitterbuffer.h"
#include "sipcore/media/lossexpectation.h"
#include "sipcore/media/resampler.h"
#include "sipcore/media/rtcpreporter.h"
#include "sipcore/media/srtpsession.h"
#include "sipcore/sdp/offeranswer.h"

#include <boost/asio/ip/udp.hpp>

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace sipcore::media {

/// One call's RTP audio (RFC 3550, RFC 3551): encodes the engine's frames with the agreed
/// codec and sends them every ptime from the port we receive on (symmetric RTP, RFC 4961);
/// receives, reorders and decodes the peer's packets into frames the engine mixes; sends
/// and reads RTCP reports on the RTCP port, or on the RTP port when rtcp-mux is agreed.
/// The encoder's in-band FEC follows the loss the peer reports (LossExpectation).
/// DTMF goes as RFC 4733 events in place of voice when the peer takes telephone-event, and
/// as tones over the microphone otherwise; the peer's events are read, and its tones are
/// listened for when it has no telephone-event.
///
/// With SRTP agreed every packet is protected and every packet received must authenticate;
/// nothing goes out in the clear, not even when the keys cannot be used. The stream follows
/// the peer to where its packets really come from (NAT latching, RFC 4961 §2 for symmetric
/// RTP): at once for an authenticated packet, after three in sequence for plain RTP, and
/// once packets came from where we send, only after ten in sequence from somewhere else. A
/// packet of the peer's carrying our SSRC makes us change it (RFC 3550 §8.2), once per
/// source: a second collision from the same place is a loop (a reflector) and is left be.
///
/// Media thread only, from the engine's tick (sendFrame(), playout(), sendReportIfDue()) and
/// the sockets' completions. The engine's frames are mono at \a engineRate.
class AudioStream : public std::enable_shared_from_this<AudioStream>
{
public:
    struct Statistics
    {
        std::uint64_t packetsSent = 0;
        std::uint64_t packetsReceived = 0;
        std::uint64_t framesPlayed = 0; ///< decoded frames played out (not concealment)
        /// Lost frames rebuilt from the next packet's in-band FEC (or, for a codec without
        /// any, concealed with that packet at hand).
        std::uint64_t framesRecovered = 0;
        JitterBuffer::Statistics jitterBuffer;
        std::string sendCodec;         ///< its encoding name; empty while not sending
        std::uint64_t digitEvents = 0; ///< DTMF digits from the peer as RFC 4733 events
        std::uint64_t digitTones = 0;  ///< DTMF digits from the peer heard as tones
        std::string srtpSuite;         ///< the SRTP suite in use; empty while plain RTP
        /// RTP packets dropped for failing SRTP authentication, as replays, or as plain RTP
        /// where SRTP was agreed.
        std::uint64_t packetsRejected = 0;
        /// The same for RTCP (baresip, for one, pings its RTCP port in the clear).
        std::uint64_t reportsRejected = 0;
        std::uint64_t ssrcCollisions = 0; ///< times we changed our SSRC for the peer's
        std::uint64_t latches = 0;        ///< times we moved to where the peer's packets came from
    };

    AudioStream(boost::asio::ip::udp::socket rtp,
                boost::asio::ip::udp::socket rtcp,
                unsigned engineRate);
    ~AudioStream();

    /// Starts (or changes) the stream as offer/answer agreed. Starts receiving on first call.
    void configure(const sdp::NegotiatedAudio &audio);
    /// Sends an RTCP BYE (once configured), stops sending and receiving and closes the sockets.
    void stop();

    /// One frame of the engine's capture, sent once there is a ptime's worth.
    void sendFrame(std::span<const std::int16_t> frame);
    /// Adds one frame of this stream's playout to \a mix.
    void playout(std::span<std::int16_t> mix);
    /// Queues DTMF \a digit to send (events or tones, as configure() agreed).
    void sendDtmf(char digit);
    /// Who hears of the digits the peer sends; called on the media thread.
    void setDtmfHandler(std::function<void(char digit)> handler)
    {
        m_dtmfHandler = std::move(handler);
    }
    /// Sends our RTCP report if one is due at \a now.
    void sendReportIfDue(RtcpReporter::TimePoint now);

    const Statistics &statistics() const { return m_statistics; }
    const RtcpReporter::Figures &rtcpFigures() const { return m_reporter.figures(); }
    /// The MOS estimate of what we hear (estimateMos()): network loss, and as delay half the
    /// round trip (once known) plus the packet time and what waits for playout.
    double estimatedMos() const;
    std::uint16_t localPort() const { return m_localPort; }
    /// Where RTP goes: the peer's description's address, or where its packets came from.
    const boost::asio::ip::udp::endpoint &remote() const { return m_remote; }
    std::uint32_t ssrc() const { return m_ssrc; }
    /// The RTP clock rate of what we receive; 0 before configure().
    unsigned clockRate() const { return m_audio ? m_audio->sendCodec.clockRate : 0; }

private:
    struct Decoder
    {
        sdp::MediaFormat format;
        std::unique_ptr<AudioCodec> codec;
        std::unique_ptr<Resampler> toEngine;
    };
    void doReceive();
    void onReceive(const boost::system::error_code &error, std::size_t size);
    /// An RTP or multiplexed RTCP datagram (still protected under SRTP) from \a source.
    void takeDatagram(std::span<std::uint8_t> datagram,
                      const boost::asio::ip::udp::endpoint &source);
    void doReceiveRtcp();
    /// A (protected) RTCP datagram from \a source, on the RTP port when \a muxed.
    void takeRtcp(std::span<std::uint8_t> datagram,
                  const boost::asio::ip::udp::endpoint &source,
                  bool muxed);
    /// Makes the SRTP sessions \a srtp calls for, keeping those whose keys stay the same.
    void configureSrtp(const std::optional<sdp::SrtpParameters> &srtp);
    bool srtpAgreed() const { return m_audio && m_audio->srtp; }
    /// A valid packet of the peer's, \a header, came from \a source: latch onto it there.
    void follow(const boost::asio::ip::udp::endpoint &source, const RtpHeader &header);
    /// A packet from \a source carried our SSRC.
    void takeCollision(const boost::asio::ip::udp::endpoint &source);
    /// We send under a new SSRC from now on, after an RTCP BYE for the old one if \a bye.
    void changeSsrc(bool bye);
    void sendRtcp(const RtcpPacket &packet);
    /// Sends one RTP packet of \a payload; false when the socket refused it.
    bool sendPacket(const RtpHeader &header, std::span<const std::uint8_t> payload);
    /// Passes on a digit the peer sent (none: '\0'), as an event or (\a tone) a tone.
    void takeDigit(char digit, bool tone);
    bool isTelephoneEvent(int payloadType) const;
    /// The interarrival jitter of what we receive, in RTP units.
    std::uint32_t currentJitter() const;
    /// Decodes (or conceals) the next packet into m_playout; false when there was nothing.
    bool decodeNext();
    /// Decodes a packet dropped to cut the delay: its audio is not played, but the decoder
    /// keeps in step and the DTMF detector hears it (a digit must not vanish with it).
    void decodeDropped(const JitterBuffer::Packet &packet);
    /// Lets the DTMF detector, when there is one, hear \a audio (engine rate, in order): the
    /// peer's decoded packets, played or dropped, and never concealment.
    void listen(std::span<const std::int16_t> audio);
    Decoder *decoderFor(int payloadType);

    boost::asio::ip::udp::socket m_socket;
    std::uint16_t m_localPort = 0;
    unsigned m_engineRate;
    std::uint32_t m_ssrc;
    bool m_receiving = false;
    bool m_stopped = false;
    std::optional<sdp::NegotiatedAudio> m_audio;
    boost::asio::ip::udp::endpoint m_remote;
    boost::asio::ip::udp::endpoint m_signaledRemote; ///< as the peer's description gives it
    bool m_heardFromRemote = false;                  ///< a valid packet came from m_remote
    boost::asio::ip::udp::endpoint m_candidate;      ///< where other valid packets come from
    int m_candidatePackets = 0;                      ///< in sequence from m_candidate
    RtpHeader m_candidateLast;
    std::vector<boost::asio::ip::udp::endpoint> m_conflicts; ///< SSRC collisions came from these
    std::array<std::uint8_t, 1500> m_receiveBuffer{};
    boost::asio::ip::udp::endpoint m_sender;
    boost::asio::ip::udp::socket m_rtcpSocket;
    boost::asio::ip::udp::endpoint m_remoteRtcp;
    std::array<std::uint8_t, 1500> m_rtcpBuffer{};
    boost::asio::ip::udp::endpoint m_rtcpSender;
    RtcpReporter m_reporter;
    std::unique_ptr<SrtpSession> m_srtpOut;
    std::unique_ptr<SrtpSession> m_srtpIn;
    std::optional<sdp::SrtpParameters> m_srtpKeys; ///< what m_srtpOut and m_srtpIn were made with

    // Sending
    std::unique_ptr<AudioCodec> m_encoder;
    std::unique_ptr<Resampler> m_toCodec;
    LossExpectation m_loss;              ///< what the peer reports losing of what we send
    std::vector<std::int16_t> m_pending; ///< captured audio at the codec's rate, not yet sent
    std::uint16_t m_sequence;
    std::uint32_t m_timestamp;

    // Receiving
    std::map<int, Decoder> m_decoders;
    std::unique_ptr<JitterBuffer> m_jitterBuffer;
    Decoder *m_lastDecoder = nullptr;    ///< conceals lost packets
    std::vector<std::int16_t> m_playout; ///< decoded audio at the engine's rate, not yet played
    std::vector<std::int16_t> m_dropped; ///< a dropped packet's audio, for the detector

    // DTMF
    DtmfEventSender m_eventSender;
    DtmfToneGenerator m_toneGenerator;
    std::vector<std::int16_t> m_toneFrame;
    std::uint32_t m_eventTimestamp = 0; ///< the RTP timestamp of the event being sent
    DtmfEventReceiver m_eventReceiver;
    std::unique_ptr<DtmfDetector> m_detector; ///< while the peer has no telephone-event
    std::function<void(char)> m_dtmfHandler;

    Statistics m_statistics;
};

} // namespace sipcore::media
