#include "sipcore/media/dtmfevent.h"

#include "sipcore/media/networkorder.h"

#include <string_view>

namespace sipcore::media {

namespace {

constexpr std::string_view Digits = "0123456789*#ABCD";

} // namespace

std::optional<DtmfEvent> DtmfEvent::parse(std::span<const std::uint8_t> payload)
{
    if (payload.size() < Size)
        return std::nullopt;
    return DtmfEvent{.code = payload[0],
                     .end = (payload[1] & 0x80) != 0,
                     .volume = static_cast<std::uint8_t>(payload[1] & 0x3f),
                     .duration = networkorder::read16(payload.data() + 2)};
}

std::size_t DtmfEvent::write(std::span<std::uint8_t> out) const
{
    if (out.size() < Size)
        return 0;
    out[0] = code;
    out[1] = static_cast<std::uint8_t>((end ? 0x80 : 0) | (volume & 0x3f)); // R stays 0
    networkorder::write16(out.data() + 2, duration);
    return Size;
}

std::optional<std::uint8_t> DtmfEvent::codeOf(char digit)
{
    const char upper = digit >= 'a' && digit <= 'd' ? static_cast<char>(digit - 'a' + 'A') : digit;
    const auto at = Digits.find(upper);
    if (at == std::string_view::npos || upper == '\0')
        return std::nullopt;
    return static_cast<std::uint8_t>(at);
}

char DtmfEvent::digitOf(std::uint8_t code)
{
    return code < Digits.size() ? Digits[code] : '\0';
}

} // namespace sipcore::media
