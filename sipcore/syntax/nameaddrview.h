#pragma once

#include "sipcore/syntax/parametersview.h"
#include "sipcore/syntax/uriview.h"

namespace sipcore {

/// A From, To, Contact, Route, Record-Route, Refer-To, Referred-By or P-Asserted-Identity value
/// read in place (see NameAddr for the grammar and the owned form).
struct NameAddrView
{
    // User-provided, so that a new view is initialized member by member rather than zero-filled
    // whole first (a value slot's largest alternative; the fill was a slow string store).
    NameAddrView() noexcept {}

    /// As written: inside the quotes with quoted-pairs unresolved, or the unquoted token words;
    /// empty when absent. NameAddr::from() resolves it.
    std::string_view displayName;
    bool quotedDisplayName = false;
    UriView uri;
    ParametersView parameters; // header parameters

    /// Parses either form; anything malformed, the URI included, gives BadNameAddr.
    static Result<NameAddrView> parse(std::string_view text);
    /// As parse(), into \a out, which must be default-constructed: no copy on the way.
    static std::error_code read(std::string_view text, NameAddrView &out);
    /// As read() for the name-addr form, which may be followed by more values in a
    /// comma-separated list: \a text starts with it (no LWS before) and it ends at the ','
    /// after it or at the end of text, whose index \a end receives. An addr-spec is not read
    /// here (BadNameAddr): it cannot tell its own end.
    static std::error_code readListed(std::string_view text, NameAddrView &out, std::size_t &end);

    std::optional<std::string_view> tag() const { return parameters.get("tag"); }
    /// Contact's expires parameter (RFC 3261 §20.10) in seconds; nullopt when absent or not
    /// delta-seconds.
    std::optional<std::uint32_t> expires() const;
    /// Contact's q parameter (qvalue, §20.10) in thousandths (0-1000); nullopt when absent or
    /// not a qvalue.
    std::optional<std::uint16_t> q() const;
};

} // namespace sipcore
