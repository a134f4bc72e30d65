#pragma once

#include "sipcore/syntax/parameters.h"
#include "sipcore/syntax/uriview.h"
#include "sipcore/util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sipcore {

/// A URI as SIP carries it in a Request-URI or a name-addr. Three forms, told apart by scheme:
/// - sip/sips (RFC 3261 §19.1): structured; escapes (%XX) are kept as written, IPv6 hosts are
///   stored without brackets and written with them. The other forms leave these fields empty.
/// - tel (RFC 3966): number (global "+1-201-555-0123" or local "7042") and parameters
///   (";phone-context=…", ";ext=…", …), both as written.
/// - any other scheme (absoluteURI, RFC 3261 §25.1: "http://…", "isbn:…", "urn:…"): the text
///   after "scheme:" in opaque, unparsed, and written back exactly as received.
/// The scheme is stored lowercase in every form (schemes compare case-insensitively, RFC 3986
/// §3.1), so "SIPS:" and "sips:" parse to equal URIs.
struct Uri
{
    std::string scheme = "sip"; // lowercase: "sip", "sips", "tel", or another absoluteURI scheme
    std::string user;           // sip/sips; may be empty
    std::optional<std::string> password;
    std::string host;                  // hostname, IPv4 literal, or IPv6 literal without brackets
    std::optional<std::uint16_t> port; // nullopt when not written
    Parameters parameters;             // sip/sips uri-parameters, or tel parameters
    std::string headers;               // raw text after '?', without the '?'
    std::string number;                // tel: the telephone-subscriber's digits, as written
    std::string opaque;                // another scheme: everything after "scheme:", as written

    /// Parses any URI: "sip:user:pw@host:port;params?headers" (and sips:) into the structured
    /// form, "tel:+1-201-555-0123;ext=12" into number and parameters, and any other
    /// well-formed absoluteURI ("scheme:" followed by URI characters) opaquely. Malformed text,
    /// including a sip/sips/tel URI that breaks its own grammar, gives SyntaxError::BadUri.
    static Result<Uri> parse(std::string_view text);
    /// As parse(), for callers that need a SIP URI: any other well-formed URI gives
    /// SyntaxError::UnsupportedUriScheme (what a UAS answers with 416, RFC 3261 §8.2.2.1).
    static Result<Uri> parseSip(std::string_view text);
    /// The owned copy of a parsed view: scheme lowercased, an IPv6 host in the two-colon form.
    static Uri from(const UriView &view);
    std::string toString() const;

    bool isSecure() const { return scheme == "sips"; }
    /// True for sip and sips URIs (the structured form).
    bool isSip() const { return scheme == "sip" || scheme == "sips"; }
    /// True for tel URIs (RFC 3966).
    bool isTel() const { return scheme == "tel"; }
    /// True for URIs of any other scheme, held as scheme + opaque text.
    bool isOpaque() const { return !isSip() && !isTel(); }
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

    /// The owned copy of a parsed view; a three-colon IPv6 host becomes the two-colon form.
    static HostPort from(const HostPortView &view);
};

/// Parses "host[:port]": a hostname, an IPv4 literal or a bracketed IPv6 literal, and a port of
/// digits only in 1-65535. No whitespace is allowed. nullopt when malformed. RFC 3261's IPv6
/// ABNF also admits three colons before an embedded IPv4 address ("[2001:db8:::192.0.2.1]");
/// RFC 5118 §4.10 asks receivers to tolerate it, so it is read as the two-colon form
/// ("2001:db8::192.0.2.1").
std::optional<HostPort> parseHostPort(std::string_view text);

} // namespace sipcore
