#pragma once

#include "sipcore/syntax/nameaddrview.h"
#include "sipcore/syntax/parameters.h"
#include "sipcore/syntax/uri.h"

namespace sipcore {

/// The value shape of From, To, Contact, Route, Record-Route: name-addr or addr-spec with
/// header parameters (RFC 3261 §20.10, §20.20, §20.39). In the addr-spec form, parameters
/// after the URI belong to the header, not the URI, and a URI holding ',', ';' or '?' must be
/// in <> (§20.10). The URI may have any scheme (addr-spec = SIP-URI / SIPS-URI / absoluteURI):
/// RFC 4475 §3.3.4 has To "isbn:…", From "<http://…>" and Contact "<name:…>".
struct NameAddr
{
    std::string displayName; // unquoted, quoted-pairs resolved; empty when absent
    Uri uri;
    Parameters parameters;

    /// Parses either form; anything malformed, the URI included, gives BadNameAddr.
    static Result<NameAddr> parse(std::string_view text);
    /// The owned copy of a parsed view, the display name resolved (quoted-pairs unescaped,
    /// whitespace between unquoted words collapsed to one space).
    static NameAddr from(const NameAddrView &view);
    /// Always writes the name-addr form: ["Display" ]<uri>;params
    std::string toString() const;

    std::optional<std::string_view> tag() const { return parameters.get("tag"); }
};

} // namespace sipcore
