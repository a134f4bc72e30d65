#pragma once

#include "sipcore/syntax/parameters.h"
#include "sipcore/util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sipcore {

/// A SIP or SIPS URI (RFC 3261 §19.1). Escapes (%XX) are kept as written. IPv6 hosts are
/// stored without brackets and written with them.
struct Uri
{
    std::string scheme = "sip"; // lowercase: "sip" or "sips"
    std::string user;           // may be empty
    std::optional<std::string> password;
    std::string host;                  // hostname, IPv4 literal, or IPv6 literal without brackets
    std::optional<std::uint16_t> port; // nullopt when not written
    Parameters parameters;
    std::string headers; // raw text after '?', without the '?'

    /// Parses "sip:user:pw@host:port;params?headers". Schemes other than sip/sips give
    /// SyntaxError::UnsupportedUriScheme; anything malformed gives SyntaxError::BadUri.
    static Result<Uri> parse(std::string_view text);
    std::string toString() const;

    bool isSecure() const { return scheme == "sips"; }
    /// True when host is an IPv6 literal.
    bool isIpv6() const { return host.find(':') != std::string::npos; }
    /// "host" or "[v6]" as written in a URI or Via.
    std::string hostForText() const;

    bool operator==(const Uri &) const = default; // exact, not RFC 3261 §19.1.4 (later issue)
};

/// The hostport of a URI or the sent-by of a Via (RFC 3261 §25.1): host as in Uri::host.
struct HostPort
{
    std::string host;
    std::optional<std::uint16_t> port;
};

/// Parses "host[:port]": a hostname, an IPv4 literal or a bracketed IPv6 literal, and a port of
/// digits only in 1-65535. No whitespace is allowed. nullopt when malformed.
std::optional<HostPort> parseHostPort(std::string_view text);

} // namespace sipcore
