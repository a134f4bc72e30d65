#pragma once

#include "sipcore/util/result.h"

#include <cstdint>
#include <string_view>

namespace sipcore {

/// A RAck value read in place (RFC 3262 §7.2): response-num LWS CSeq-num LWS Method.
struct RAckView
{
    std::uint32_t responseNumber = 0; // the RSeq acknowledged
    std::uint32_t sequence = 0;       // the CSeq number of the request answered
    std::string_view method;

    /// Parses a RAck value; malformed gives BadHeaderValue.
    static Result<RAckView> parse(std::string_view text);
    /// As parse(), into \a out, which must be default-constructed: no copy on the way.
    static std::error_code read(std::string_view text, RAckView &out);
};

} // namespace sipcore
