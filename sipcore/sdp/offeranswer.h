#pragma once

#include "sipcore/sdp/cryptoattribute.h"
#include "sipcore/sdp/direction.h"
#include "sipcore/sdp/mediaformat.h"
#include "sipcore/sdp/sessiondescription.h"
#include "sipcore/util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace sipcore::sdp {

/// Whether a call's audio is encrypted: SRTP (RFC 3711) keyed by SDES (RFC 4568).
enum class SrtpMode {
    Off, ///< plain RTP: we offer RTP/AVP with no keys and refuse an RTP/SAVP offer
    /// Best effort: we offer RTP/AVP with a=crypto lines and encrypt when the answer takes
    /// one; we take offers with or without keys and encrypt when the offer has a suite of ours.
    Optional,
    /// We offer RTP/SAVP and take only offers we can encrypt; an answer without a key of
    /// ours ends the call (sips: calls, RFC 3261 §26.2.2, and accounts that ask for it).
    Required,
};

/// What SRTP offer/answer agreed. The keys are secrets: nothing may log them.
struct SrtpParameters
{
    std::string suite;     ///< e.g. AES_CM_128_HMAC_SHA1_80
    std::string localKey;  ///< master key||salt we send with
    std::string remoteKey; ///< master key||salt the peer sends with

    bool operator==(const SrtpParameters &) const = default;
};

/// What this end offers for audio: where it receives and which codecs it has.
struct LocalMedia
{
    std::string address;    ///< c= and o= address (IPv4 or IPv6)
    std::uint16_t port = 0; ///< RTP port; RTCP on port + 1 unless rtcp-mux is agreed
    /// Codecs in order of preference, numbered as we offer them; telephone-event is added.
    std::vector<MediaFormat> codecs;
    bool telephoneEvent = true; ///< offer RFC 4733 events at each codec clock rate
    unsigned ptime = 20;        ///< the packet time we ask to receive (ms)
    bool rtcpMux = true;        ///< offer and accept RFC 5761 multiplexing
    SrtpMode srtp = SrtpMode::Off;
    /// Our SRTP keys, one per suite we can use, in order of preference: the a=crypto lines
    /// we offer (tags from 1), and where an answer finds its key. None: no SRTP at all.
    std::vector<CryptoAttribute> crypto = {};
};

/// What offer/answer agreed for the one audio stream we use.
struct NegotiatedAudio
{
    std::string remoteAddress;
    std::uint16_t remoteRtpPort = 0;
    std::uint16_t remoteRtcpPort = 0; ///< the RTP port when rtcpMux
    bool rtcpMux = false;
    /// The codec both sides send, numbered as the peer's description numbers it.
    MediaFormat sendCodec;
    /// What we may receive: the formats of our description that the peer's also has,
    /// numbered as ours (RFC 3264 §5.1).
    std::vector<MediaFormat> receiveFormats;
    /// RFC 4733 events at the send codec's clock rate, as the peer numbers them; nullopt when
    /// the peer has none (then DTMF goes in-band).
    std::optional<MediaFormat> sendTelephoneEvent;
    unsigned sendPtime = 20;                   ///< the peer's ptime when it gave one, else 20 ms
    Direction direction = Direction::SendRecv; ///< ours: sends() means we send
    std::optional<SrtpParameters> srtp = std::nullopt; ///< nullopt: plain RTP

    bool operator==(const NegotiatedAudio &) const = default;
};

/// The offer/answer model of RFC 3264 for a session with one audio stream, in the states of
/// JSEP (RFC 8829 §3.2), which is the shape SIP.js's session description handler has:
///
///           createOffer                     setRemoteAnswer
///   Stable ------------> HaveLocalOffer -------------------> Stable
///     |                        | rollback
///     |                        +-----------------------------> Stable (as before the offer)
///     |  setRemoteOffer                 createAnswer
///     +-------------> HaveRemoteOffer ------------------------> Stable
///
/// A refused remote offer leaves the state as it was. Each description we write keeps the
/// o= session id, and its version goes up when the description differs from the last we
/// wrote (§8). Every stream of an offer gets a line in the answer (§6); all but the first
/// usable audio stream are refused with port 0. SRTP keys travel as a=crypto lines (RFC 4568
/// §7): the answer names the offer's line it takes by its tag and gives our key for it.
class OfferAnswer
{
public:
    enum class State { Stable, HaveLocalOffer, HaveRemoteOffer };

    /// \a sessionId is o='s session id (digits).
    OfferAnswer(LocalMedia local, std::string sessionId);

    State state() const { return m_state; }
    /// What we offer from now on (a new port or address after a network change).
    void setLocalMedia(LocalMedia local) { m_local = std::move(local); }
    const LocalMedia &localMedia() const { return m_local; }

    /// Our offer with the audio stream in \a direction (HaveLocalOffer). In HaveLocalOffer it
    /// replaces the outstanding offer; in HaveRemoteOffer it is a programming error.
    std::string createOffer(Direction direction);
    /// The peer's offer (Stable -> HaveRemoteOffer). OfferPending outside Stable. Refused
    /// (state unchanged) when it does not parse, NoCommonCodec when no audio stream of it has
    /// a codec we can use, or NoUsableCrypto when those that do cannot be encrypted as our
    /// SrtpMode wants (SIP answers both with 488); other streams are refused in the answer.
    std::error_code setRemoteOffer(std::string_view sdp);
    /// Our answer to the peer's offer, our stream in at most \a wanted (HaveRemoteOffer ->
    /// Stable). NoOfferToAnswer without a remote offer.
    Result<std::string> createAnswer(Direction wanted);
    /// The peer's answer to our offer (HaveLocalOffer -> Stable). In Stable, after an
    /// offer of ours was answered, it replaces that answer: a second provisional or final
    /// response may carry another (early media, forking). UnexpectedAnswer without an offer
    /// of ours; NotAnswerToOffer when its streams do not match the offer's or its a=crypto
    /// line names none of ours; NoUsableCrypto when our offer required SRTP and the answer
    /// takes none; nothing changes then.
    std::error_code setRemoteAnswer(std::string_view sdp);
    /// Our offer was refused: back to Stable as before it (RFC 3264 §8).
    void rollback();

    /// What the last completed exchange agreed; nullopt before one, or when it has no audio
    /// stream in use (refused, or no common codec).
    const std::optional<NegotiatedAudio> &audio() const { return m_audio; }
    /// The direction of the audio stream in the peer's last description as it wrote it;
    /// inactive when that stream's address is 0.0.0.0 (RFC 2543 hold) or it was refused.
    Direction remoteDirection() const { return m_remoteDirection; }

private:
    /// Wraps \a media into a full description with o= as §8 wants.
    std::string write(std::vector<MediaDescription> media);
    MediaDescription localStream(std::vector<MediaFormat> formats, Direction direction) const;
    /// The codecs (and telephone-events) we offer, numbered.
    std::vector<MediaFormat> offeredFormats() const;
    /// The formats of \a stream, an offer's, that we have, in our order and numbered as
    /// the offer numbers them, with the telephone-event at the first one's clock rate.
    std::vector<MediaFormat> answerFormats(const MediaDescription &stream) const;
    /// The crypto line of the offered \a stream we would take: the first whose suite we have,
    /// paired with our key for it; nullopt when none or when our SrtpMode is Off.
    std::optional<std::pair<CryptoAttribute, SrtpParameters>>
    answerCrypto(const MediaDescription &stream) const;
    /// Why we cannot answer the offered \a stream ({} when we can).
    std::error_code checkOffered(const MediaDescription &stream) const;
    /// Sets m_audio from the exchange: \a remoteStream of \a remote against our stream of
    /// \a localFormats in direction \a ours; \a answerIsLocal says whose the answer is.
    std::error_code agree(const SessionDescription &remote,
                          const MediaDescription &remoteStream,
                          const std::vector<MediaFormat> &localFormats,
                          Direction ours,
                          bool mux,
                          bool answerIsLocal,
                          std::optional<SrtpParameters> srtp);

    LocalMedia m_local;
    State m_state = State::Stable;
    std::string m_sessionId;
    std::uint64_t m_version = 0;
    std::string m_lastWritten; ///< our last description without its o= line
    /// Our outstanding or last answered offer: its formats and direction, for answers.
    struct Offer
    {
        std::vector<MediaFormat> formats;
        Direction direction = Direction::SendRecv;
        bool mux = false;
        std::vector<CryptoAttribute> crypto = {}; ///< the a=crypto lines offered
        bool srtpRequired = false;                ///< offered as RTP/SAVP
        bool answered = false;                    ///< a later answer replaces the one it had
    };
    Offer m_offer;
    Offer m_previousOffer; ///< what rollback() restores
    std::optional<SessionDescription> m_remoteOffer;
    std::optional<NegotiatedAudio> m_audio;
    Direction m_remoteDirection = Direction::Inactive;
};

} // namespace sipcore::sdp
