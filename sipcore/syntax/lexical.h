#pragma once

#include <string_view>

namespace sipcore {

/// The basic rules of RFC 3261 §25.1 that every value parser shares.
namespace lexical {

/// SP or HTAB (WSP).
constexpr bool isWhitespace(char c)
{
    return c == ' ' || c == '\t';
}

/// \a text without leading and trailing WSP.
constexpr std::string_view trim(std::string_view text)
{
    while (!text.empty() && isWhitespace(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isWhitespace(text.back()))
        text.remove_suffix(1);
    return text;
}

} // namespace lexical
} // namespace sipcore
