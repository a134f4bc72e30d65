#include "sipcore/media/g722codec.h"

#include <algorithm>
#include <cstdint>

// spandsp's headers need its telephony definitions first.
#include <spandsp/telephony.h>

#include <spandsp/g722.h>

namespace sipcore::media {

G722Codec::G722Codec()
    : m_encoder(g722_encode_init(nullptr, 64000, 0))
    , m_decoder(g722_decode_init(nullptr, 64000, 0))
{}

G722Codec::~G722Codec()
{
    g722_encode_free(m_encoder);
    g722_decode_free(m_decoder);
}

std::size_t G722Codec::encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out)
{
    // Two samples make one octet.
    const std::size_t samples = std::min(pcm.size(), out.size() * 2);
    return static_cast<std::size_t>(
            g722_encode(m_encoder, out.data(), pcm.data(), static_cast<int>(samples)));
}

std::size_t G722Codec::decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> pcm)
{
    const std::size_t octets = std::min(payload.size(), pcm.size() / 2);
    const int samples
            = g722_decode(m_decoder, pcm.data(), payload.data(), static_cast<int>(octets));
    const std::size_t count = samples > 0 ? static_cast<std::size_t>(samples) : 0;
    remember(pcm.first(count));
    return count;
}

} // namespace sipcore::media
