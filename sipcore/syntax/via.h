#pragma once

#include "sipcore/syntax/parameters.h"
#include "sipcore/syntax/viaview.h"
#include "sipcore/util/result.h"

#include <cstdint>
#include <optional>
#include <string>

namespace sipcore {

/// One Via value (RFC 3261 §20.42): SIP/2.0/<transport> sent-by;params.
struct Via
{
    std::string transport = "UDP"; // uppercase
    std::string host;              // IPv6 without brackets
    std::optional<std::uint16_t> port;
    Parameters parameters;

    static Result<Via> parse(std::string_view text);
    /// The owned copy of a parsed view (transport uppercased).
    static Via from(const ViaView &view);
    std::string toString() const;

    std::optional<std::string_view> branch() const { return parameters.get("branch"); }
    /// True when the branch starts with the RFC 3261 magic cookie "z9hG4bK".
    bool hasMagicCookie() const;
};

} // namespace sipcore
