#pragma once

#include "sipcore/util/result.h"

#include <cstdint>
#include <string_view>

namespace sipcore {

/// A CSeq value read in place (RFC 3261 §20.16): a 32-bit sequence number and the method.
struct CSeqView
{
    std::uint32_t sequence = 0;
    std::string_view method;

    /// Parses "1*DIGIT LWS Method"; anything else, or a number above 2^32-1, gives BadCSeq.
    static Result<CSeqView> parse(std::string_view text);
    /// As parse(), into \a out, which must be default-constructed: no copy on the way.
    static std::error_code read(std::string_view text, CSeqView &out);
};

} // namespace sipcore
