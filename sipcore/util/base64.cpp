#include "sipcore/util/base64.h"

#include <array>
#include <cstdint>

namespace sipcore::base64 {

namespace {

constexpr std::string_view Alphabet
        = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// 0-63 for a character of the alphabet, 255 otherwise.
constexpr std::array<std::uint8_t, 256> makeValues()
{
    std::array<std::uint8_t, 256> values{};
    values.fill(255);
    for (std::size_t i = 0; i < Alphabet.size(); ++i)
        values[static_cast<unsigned char>(Alphabet[i])] = static_cast<std::uint8_t>(i);
    return values;
}

constexpr std::array<std::uint8_t, 256> Values = makeValues();

} // namespace

std::string encode(std::string_view octets)
{
    std::string out;
    out.reserve((octets.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= octets.size(); i += 3) {
        const std::uint32_t group = std::uint32_t(static_cast<unsigned char>(octets[i])) << 16
                                    | std::uint32_t(static_cast<unsigned char>(octets[i + 1])) << 8
                                    | static_cast<unsigned char>(octets[i + 2]);
        out += Alphabet[group >> 18 & 63];
        out += Alphabet[group >> 12 & 63];
        out += Alphabet[group >> 6 & 63];
        out += Alphabet[group & 63];
    }
    const std::size_t rest = octets.size() - i;
    if (rest > 0) {
        std::uint32_t group = std::uint32_t(static_cast<unsigned char>(octets[i])) << 16;
        if (rest == 2)
            group |= std::uint32_t(static_cast<unsigned char>(octets[i + 1])) << 8;
        out += Alphabet[group >> 18 & 63];
        out += Alphabet[group >> 12 & 63];
        out += rest == 2 ? Alphabet[group >> 6 & 63] : '=';
        out += '=';
    }
    return out;
}

std::optional<std::string> decode(std::string_view text)
{
    std::size_t length = text.size();
    if (length % 4 == 0 && length > 0 && text[length - 1] == '=')
        length -= text[length - 2] == '=' ? 2 : 1;
    if (length % 4 == 1)
        return std::nullopt; // one character carries only six bits
    std::string out;
    out.reserve(length * 3 / 4);
    std::uint32_t group = 0;
    int bits = 0;
    for (std::size_t i = 0; i < length; ++i) {
        const std::uint8_t value = Values[static_cast<unsigned char>(text[i])];
        if (value == 255)
            return std::nullopt;
        group = group << 6 | value;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>(group >> bits & 0xff);
        }
    }
    if ((group & ((1u << bits) - 1)) != 0)
        return std::nullopt; // the unused bits of the last character must be zero (§3.5)
    return out;
}

} // namespace sipcore::base64
