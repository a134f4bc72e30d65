#pragma once

#include "sipcore/sdp/offeranswer.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace sipcore {

/// How a call's audio stream is doing (RFC 3550 §6.4 terms).
struct MediaStatistics
{
    std::string sendCodec; ///< encoding name; empty while nothing is sent
    std::uint64_t packetsSent = 0;
    std::uint64_t packetsReceived = 0;
    std::uint64_t framesPlayed = 0;    ///< received frames decoded and played
    std::uint64_t packetsLost = 0;     ///< gaps played out as lost, late ones included
    double jitterMs = 0;               ///< interarrival jitter
    std::uint64_t reportsReceived = 0; ///< RTCP reports from the peer
    /// Round-trip time from the peer's RTCP reports; nullopt until one echoes ours.
    std::optional<double> roundTripMs = std::nullopt;
    /// Our packets lost as the peer's last RTCP report counts them; nullopt before one.
    std::optional<std::int64_t> remotePacketsLost = std::nullopt;
    double mos = 0; ///< conversational quality estimate of what we hear, 1–4.5 (0: no stream)
    std::uint64_t digitEvents = 0; ///< DTMF digits received as RFC 4733 events
    std::uint64_t digitTones = 0;  ///< DTMF digits received as tones
    std::string srtpSuite;         ///< the SRTP suite protecting the audio; empty: plain RTP
    /// RTP packets dropped for failing SRTP authentication (or arriving in the clear).
    std::uint64_t packetsRejected = 0;
    std::uint64_t reportsRejected = 0; ///< the same for RTCP
};

/// The media engine's side of one call: where it receives, which codecs it has, and what it
/// does once offer/answer agrees. Session's SessionDescriptionHandler calls it on the core
/// thread; an implementation hands the work to its media thread and must not block.
class MediaEndpoint
{
public:
    virtual ~MediaEndpoint() = default;
    /// What to offer: our RTP address and port, the codecs in order of preference, and our
    /// SRTP keys (the same for the whole call).
    virtual sdp::LocalMedia localMedia() = 0;
    /// The audio stream as offer/answer last agreed: start, change or (nullopt) stop it.
    virtual void apply(const std::optional<sdp::NegotiatedAudio> &audio) = 0;
    /// The call is over: stop and release the ports. No call follows.
    virtual void close() = 0;
    /// Calls \a done, on the media thread, with the stream's figures as they stand.
    virtual void requestStatistics(std::function<void(const MediaStatistics &)> done) = 0;
    /// Sends DTMF \a digit (0-9, *, #, A-D) in the audio stream: as RFC 4733 events when the
    /// peer takes them, else as tones. False when the stream cannot carry it (there is none,
    /// it does not send, or DTMF is to go by SIP INFO): the caller then sends it another way.
    virtual bool sendDtmf(char digit) = 0;
    /// Who hears of the digits the peer sends in the stream (events, or tones when it has no
    /// telephone-event); called on the media thread. Set before the first apply().
    virtual void setDtmfHandler(std::function<void(char digit)> handler) = 0;
};

/// Makes the media endpoint of a new call; \a signalingAddress is the local address our SIP
/// traffic uses, the address to offer unless the endpoint knows better. May return nullptr:
/// the call then has no media (port 9, as with no factory at all).
using MediaEndpointFactory
        = std::function<std::shared_ptr<MediaEndpoint>(std::string_view signalingAddress)>;

} // namespace sipcore
