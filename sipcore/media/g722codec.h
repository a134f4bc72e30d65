#pragma once

#include "sipcore/media/audiocodec.h"

struct g722_encode_state_s;
struct g722_decode_state_s;

namespace sipcore::media {

/// G.722 at 64 kbit/s (spandsp): 16 kHz audio, an 8 kHz RTP clock (RFC 3551 §4.5.2).
class G722Codec final : public AudioCodec
{
public:
    G722Codec();
    ~G722Codec() override;
    G722Codec(const G722Codec &) = delete;
    G722Codec &operator=(const G722Codec &) = delete;

    unsigned sampleRate() const override { return 16000; }
    unsigned rtpClockRate() const override { return 8000; }
    std::size_t encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out) override;
    std::size_t decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> pcm) override;

private:
    g722_encode_state_s *m_encoder;
    g722_decode_state_s *m_decoder;
};

} // namespace sipcore::media
