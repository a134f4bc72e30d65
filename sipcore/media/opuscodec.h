#pragma once

#include "sipcore/media/audiocodec.h"

struct OpusEncoder;
struct OpusDecoder;

namespace sipcore::media {

/// Opus (libopus, RFC 7587) at 48 kHz mono for voice, with in-band FEC (RFC 6716 §2.1.7) as
/// much as the expected loss calls for (10 % until told otherwise; none at 0 %), and the
/// decoder's own concealment.
class OpusCodec final : public AudioCodec
{
public:
    OpusCodec();
    ~OpusCodec() override;
    OpusCodec(const OpusCodec &) = delete;
    OpusCodec &operator=(const OpusCodec &) = delete;

    unsigned sampleRate() const override { return 48000; }
    unsigned rtpClockRate() const override { return 48000; }
    std::size_t encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) override;
    std::size_t decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> pcm) override;
    std::size_t conceal(std::span<std::int16_t> pcm) override;
    /// Rebuilds a lost frame of \a pcm.size() samples from the FEC data in \a next, the packet
    /// after it (RFC 6716 §2.1.7); the number of samples.
    /// Falls back to conceal() when \a next carries no FEC.
    std::size_t recover(std::span<const std::uint8_t> next, std::span<std::int16_t> pcm) override;
    void setExpectedLoss(unsigned percent) override;

private:
    OpusEncoder *m_encoder = nullptr;
    OpusDecoder *m_decoder = nullptr;
};

} // namespace sipcore::media
