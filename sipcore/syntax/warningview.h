#pragma once

#include "sipcore/util/result.h"

#include <cstdint>
#include <string_view>

namespace sipcore {

/// One Warning value read in place (RFC 3261 §20.43): warn-code SP warn-agent SP warn-text.
struct WarningView
{
    std::uint16_t code = 0; // three digits
    std::string_view agent; // hostport or pseudonym, as written
    std::string_view text;  // inside the quotes, quoted-pairs unresolved

    /// Parses one warning-value; malformed gives BadHeaderValue.
    static Result<WarningView> parse(std::string_view text);
    /// As parse(), into \a out, which must be default-constructed: no copy on the way.
    static std::error_code read(std::string_view text, WarningView &out);
};

} // namespace sipcore
