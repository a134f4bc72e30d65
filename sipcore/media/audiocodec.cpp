#include "sipcore/media/audiocodec.h"

#include "sipcore/media/g711codec.h"
#include "sipcore/media/g722codec.h"
#include "sipcore/media/opuscodec.h"

#include <algorithm>

namespace sipcore::media {

std::size_t AudioCodec::conceal(std::span<std::int16_t> pcm)
{
    // Repeats the last frame, each time at half the level: a short gap is bridged, a long one
    // fades to silence.
    ++m_concealed;
    const int shift = std::min(m_concealed, 15);
    for (std::size_t i = 0; i < pcm.size(); ++i)
        pcm[i] = i < m_last.size() ? static_cast<std::int16_t>(m_last[i] >> shift) : 0;
    return pcm.size();
}

std::size_t AudioCodec::recover(std::span<const std::uint8_t>, std::span<std::int16_t> pcm)
{
    return conceal(pcm);
}

void AudioCodec::setExpectedLoss(unsigned) {}

void AudioCodec::remember(std::span<const std::int16_t> pcm)
{
    m_last.assign(pcm.begin(), pcm.end());
    m_concealed = 0;
}

std::unique_ptr<AudioCodec> AudioCodec::make(const sdp::MediaFormat &format)
{
    if (format.sameCodec(sdp::MediaFormat{0, "PCMU", 8000}))
        return std::make_unique<G711Codec>(G711Codec::Law::MuLaw);
    if (format.sameCodec(sdp::MediaFormat{8, "PCMA", 8000}))
        return std::make_unique<G711Codec>(G711Codec::Law::ALaw);
    if (format.sameCodec(sdp::MediaFormat{9, "G722", 8000}))
        return std::make_unique<G722Codec>();
    if (format.sameCodec(sdp::MediaFormat{96, "opus", 48000, 2}))
        return std::make_unique<OpusCodec>();
    return nullptr;
}

std::vector<sdp::MediaFormat> AudioCodec::supported()
{
    // RFC 7587 §7: opus is always written as 48000/2; we send mono.
    return {sdp::MediaFormat{96, "opus", 48000, 2, "useinbandfec=1"},
            sdp::MediaFormat{9, "G722", 8000}, sdp::MediaFormat{0, "PCMU", 8000},
            sdp::MediaFormat{8, "PCMA", 8000}};
}

} // namespace sipcore::media
