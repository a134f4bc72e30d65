#pragma once

#include "sipcore/syntax/parametersview.h"
#include "sipcore/util/result.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace sipcore {

/// The host and port of a URI or the sent-by of a Via (RFC 3261 §25.1), read in place.
struct HostPortView
{
    std::string_view host; // as written; an IPv6 literal without its brackets
    std::optional<std::uint16_t> port;
    /// RFC 3261's IPv6 ABNF admits three colons before an embedded IPv4 address
    /// ("2001:db8:::192.0.2.1"), RFC 4291 does not; RFC 5118 §4.10 asks receivers to tolerate
    /// it. True when host is written that way: it means the two-colon form.
    bool tripleColon = false;

    bool isIpv6() const { return host.find(':') != std::string_view::npos; }
    /// Parses "host[:port]": a hostname, an IPv4 literal or a bracketed IPv6 literal, and a port
    /// of digits only in 1-65535. No whitespace is allowed. nullopt when malformed.
    static std::optional<HostPortView> parse(std::string_view text);
    /// Reads the hostname or IPv4 literal that \a text starts with, up to the first octet that
    /// is neither alphanum, '-' nor '.', into host: the index of that octet, or npos when the
    /// octets before it are no hostname or IPv4 literal.
    static std::size_t readHostname(std::string_view text, HostPortView &out);
};

/// A URI read in place, without copying (see Uri for the owned form and the three shapes it
/// can take). Every view points into the parsed text, which must outlive it.
struct UriView
{
    enum class Kind : std::uint8_t { Sip, Sips, Tel, Other };

    Kind kind = Kind::Sip;
    std::string_view text;   // the whole URI as written
    std::string_view scheme; // as written (any case)
    std::string_view user;   // sip/sips; empty when absent
    std::optional<std::string_view> password;
    HostPortView hostPort;     // sip/sips
    ParametersView parameters; // sip/sips uri-parameters or tel parameters
    std::string_view headers;  // sip/sips: after '?', without it
    std::string_view number;   // tel: the telephone-subscriber's digits, as written
    std::string_view opaque;   // another scheme: everything after "scheme:", as written

    /// Parses any URI, as Uri::parse() describes; malformed text gives SyntaxError::BadUri.
    static Result<UriView> parse(std::string_view text);
    /// As parse(), into \a out, which must be default-constructed: no copy on the way.
    static std::error_code read(std::string_view text, UriView &out);

    bool isSip() const { return kind == Kind::Sip || kind == Kind::Sips; }
    bool isSecure() const { return kind == Kind::Sips; }
    bool isTel() const { return kind == Kind::Tel; }
    bool isOpaque() const { return kind == Kind::Other; }
};

} // namespace sipcore
