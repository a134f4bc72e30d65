#pragma once

#include "sipcore/media/audiocodec.h"

namespace sipcore::media {

/// G.711 µ-law (PCMU) or A-law (PCMA) at 8 kHz, one octet per sample (spandsp's tables).
class G711Codec final : public AudioCodec
{
public:
    enum class Law { MuLaw, ALaw };
    explicit G711Codec(Law law);

    unsigned sampleRate() const override { return 8000; }
    unsigned rtpClockRate() const override { return 8000; }
    std::size_t encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) override;
    std::size_t decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> pcm) override;

private:
    Law m_law;
};

} // namespace sipcore::media
