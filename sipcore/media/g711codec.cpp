#include "sipcore/media/g711codec.h"

#include <algorithm>
#include <cstdint>

// spandsp's headers need its telephony definitions, then its bit operations, in this order.
#include <spandsp/telephony.h>

#include <spandsp/bit_operations.h>

#include <spandsp/g711.h>

namespace sipcore::media {

G711Codec::G711Codec(Law law)
    : m_law(law)
{}

std::size_t G711Codec::encode(std::span<const std::int16_t> pcm, std::span<std::uint8_t> out)
{
    const std::size_t count = std::min(pcm.size(), out.size());
    for (std::size_t i = 0; i < count; ++i)
        out[i] = m_law == Law::MuLaw ? linear_to_ulaw(pcm[i]) : linear_to_alaw(pcm[i]);
    return count;
}

std::size_t G711Codec::decode(std::span<const std::uint8_t> payload, std::span<std::int16_t> pcm)
{
    const std::size_t count = std::min(pcm.size(), payload.size());
    for (std::size_t i = 0; i < count; ++i)
        pcm[i] = m_law == Law::MuLaw ? ulaw_to_linear(payload[i]) : alaw_to_linear(payload[i]);
    remember(pcm.first(count));
    return count;
}

} // namespace sipcore::media
