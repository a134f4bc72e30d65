#pragma once

#include "sipcore/sdp/offeranswer.h"
#include "sipcore/session/mediaendpoint.h"
#include "sipcore/util/result.h"

#include <memory>
#include <string>
#include <string_view>
#include <system_error>

namespace sipcore {

/// Makes and takes one session's descriptions (SIP.js's SessionDescriptionHandler): RFC 3264
/// offer/answer (sdp::OfferAnswer) in front of the call's media endpoint, which hears of every
/// change of the agreed audio stream. Without an endpoint the call has no media: we offer
/// PCMU and PCMA on port 9 (discard) and nothing is sent.
///
/// Core thread only; Session owns it. The methods and states are OfferAnswer's.
class SessionDescriptionHandler
{
public:
    /// \a address: our SIP traffic's local address, offered when there is no endpoint;
    /// \a srtp: whether to encrypt the audio (the endpoint's keys; without an endpoint there
    /// is no audio to encrypt).
    SessionDescriptionHandler(std::string_view address,
                              std::shared_ptr<MediaEndpoint> endpoint,
                              sdp::SrtpMode srtp = sdp::SrtpMode::Off);
    ~SessionDescriptionHandler();
    SessionDescriptionHandler(const SessionDescriptionHandler &) = delete;
    SessionDescriptionHandler &operator=(const SessionDescriptionHandler &) = delete;

    sdp::OfferAnswer::State state() const { return m_offerAnswer.state(); }
    std::string createOffer(sdp::Direction direction);
    std::error_code setRemoteOffer(std::string_view sdp);
    Result<std::string> createAnswer(sdp::Direction wanted);
    std::error_code setRemoteAnswer(std::string_view sdp);
    void rollback() { m_offerAnswer.rollback(); }
    /// The peer's direction for the audio stream, as its last description states it.
    sdp::Direction remoteDirection() const { return m_offerAnswer.remoteDirection(); }
    /// The agreed audio stream, if any.
    const std::optional<sdp::NegotiatedAudio> &audio() const { return m_offerAnswer.audio(); }
    /// Stops the media; later calls make no difference to it. Idempotent.
    void close();

private:
    /// Tells the endpoint the agreed stream, if it changed.
    void applyIfChanged();

    std::shared_ptr<MediaEndpoint> m_endpoint;
    sdp::OfferAnswer m_offerAnswer;
    bool m_closed = false;
    bool m_applied = false; ///< the endpoint heard of a stream (or its absence) already
    std::optional<sdp::NegotiatedAudio> m_lastApplied;
};

} // namespace sipcore
