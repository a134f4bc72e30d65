#pragma once

#include "sipcore/util/result.h"

#include <cstdint>
#include <string_view>

namespace sipcore {

/// A Date value (RFC 3261 §20.17): an RFC 1123 date, always in GMT,
/// "Sat, 13 Nov 2010 23:29:00 GMT".
struct SipDate
{
    std::uint16_t year = 0;
    std::uint8_t month = 0; // 1-12
    std::uint8_t day = 0;   // 1-31
    std::uint8_t hour = 0;
    std::uint8_t minute = 0;
    std::uint8_t second = 0;  // 0-60 (a leap second)
    std::uint8_t weekday = 0; // 0 = Sunday, as written (not checked against the date)

    /// Parses an rfc1123-date; malformed gives BadHeaderValue.
    static Result<SipDate> parse(std::string_view text);
    /// As parse(), into \a out, which must be default-constructed: no copy on the way.
    static std::error_code read(std::string_view text, SipDate &out);
    /// Seconds since 1970-01-01T00:00:00Z.
    std::int64_t toUnixTime() const;
};

} // namespace sipcore
