#pragma once

#include "sipcore/sdp/mediaformat.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace sipcore::media {

/// One direction's state of a voice codec: 16-bit mono PCM in and out at sampleRate(), RTP
/// payloads on the other side. Not thread-safe: one stream's media thread uses it.
class AudioCodec
{
public:
    virtual ~AudioCodec() = default;
    /// The PCM rate (G.722: 16 kHz, though its RTP clock runs at 8 kHz; RFC 3551 §4.5.2).
    virtual unsigned sampleRate() const = 0;
    /// The RTP timestamp rate.
    virtual unsigned rtpClockRate() const = 0;
    /// Encodes one frame of \a pcm into \a out; the payload size (0 on failure).
    virtual std::size_t encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) = 0;
    /// Decodes \a payload into \a pcm; the number of samples (0 on failure).
    virtual std::size_t decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> pcm)
            = 0;
    /// Fills \a pcm in for a lost frame (packet-loss concealment); the number of samples.
    /// By default the last decoded frame, fading: codecs with their own PLC override it.
    virtual std::size_t conceal(std::span<std::int16_t> pcm);
    /// Fills \a pcm in for a lost frame when \a next, the packet after it, is at hand: codecs
    /// with in-band FEC rebuild the frame from it; by default, conceal().
    virtual std::size_t recover(std::span<const std::uint8_t> next, std::span<std::int16_t> pcm);
    /// The share of our packets the peer is expected to lose, in percent (LossExpectation):
    /// codecs with in-band FEC send as much of it as that calls for, none at 0. By default
    /// nothing.
    virtual void setExpectedLoss(unsigned percent);

    /// The codec for \a format (PCMU, PCMA, G722, opus); nullptr for one we do not have.
    static std::unique_ptr<AudioCodec> make(const sdp::MediaFormat &format);
    /// The codecs we have, in our order of preference, numbered as we offer them.
    static std::vector<sdp::MediaFormat> supported();

protected:
    /// Keeps \a pcm as the last decoded frame, for conceal().
    void remember(std::span<const std::int16_t> pcm);

private:
    std::vector<std::int16_t> m_last;
    int m_concealed = 0; ///< frames concealed in a row
};

} // namespace sipcore::media
