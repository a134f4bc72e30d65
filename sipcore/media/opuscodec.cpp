#include "sipcore/media/opuscodec.h"

#include <opus/opus.h>

#include <algorithm>

namespace sipcore::media {

OpusCodec::OpusCodec()
{
    int error = 0;
    m_encoder = opus_encoder_create(48000, 1, OPUS_APPLICATION_VOIP, &error);
    if (m_encoder) {
        opus_encoder_ctl(m_encoder, OPUS_SET_INBAND_FEC(1));
        setExpectedLoss(10);
        opus_encoder_ctl(m_encoder, OPUS_SET_BITRATE(32000));
    }
    m_decoder = opus_decoder_create(48000, 1, &error);
}

OpusCodec::~OpusCodec()
{
    opus_encoder_destroy(m_encoder);
    opus_decoder_destroy(m_decoder);
}

void OpusCodec::setExpectedLoss(unsigned percent)
{
    // libopus adds LBRR frames (the FEC) only when told to expect loss.
    if (m_encoder)
        opus_encoder_ctl(m_encoder, OPUS_SET_PACKET_LOSS_PERC(int(std::min(percent, 100u))));
}

std::size_t OpusCodec::encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out)
{
    if (!m_encoder)
        return 0;
    const opus_int32 size = opus_encode(m_encoder, pcm.data(), static_cast<int>(pcm.size()),
                                        out.data(), static_cast<opus_int32>(out.size()));
    return size > 0 ? static_cast<std::size_t>(size) : 0;
}

std::size_t OpusCodec::decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> pcm)
{
    if (!m_decoder)
        return 0;
    const int samples
            = opus_decode(m_decoder, payload.data(), static_cast<opus_int32>(payload.size()),
                          pcm.data(), static_cast<int>(pcm.size()), 0);
    return samples > 0 ? static_cast<std::size_t>(samples) : 0;
}

std::size_t OpusCodec::conceal(std::span<std::int16_t> pcm)
{
    if (!m_decoder)
        return 0;
    const int samples
            = opus_decode(m_decoder, nullptr, 0, pcm.data(), static_cast<int>(pcm.size()), 0);
    return samples > 0 ? static_cast<std::size_t>(samples) : 0;
}

std::size_t OpusCodec::recover(std::span<const std::uint8_t> next, std::span<std::int16_t> pcm)
{
    if (!m_decoder)
        return 0;
    // Without FEC in \a next, libopus conceals instead.
    const int samples = opus_decode(m_decoder, next.data(), static_cast<opus_int32>(next.size()),
                                    pcm.data(), static_cast<int>(pcm.size()), 1);
    return samples > 0 ? static_cast<std::size_t>(samples) : conceal(pcm);
}

} // namespace sipcore::media
