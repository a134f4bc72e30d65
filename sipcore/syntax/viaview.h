#pragma once

#include "sipcore/syntax/parametersview.h"
#include "sipcore/syntax/uriview.h"

namespace sipcore {

/// One Via value read in place (RFC 3261 §20.42): SIP/2.0/<transport> sent-by;params. See Via
/// for the owned form.
struct ViaView
{
    std::string_view transport; // as written (any case)
    HostPortView sentBy;
    ParametersView parameters;

    /// Parses one via-parm; anything malformed gives BadVia.
    static Result<ViaView> parse(std::string_view text);
    /// As parse(), into \a out, which must be default-constructed: no copy on the way.
    static std::error_code read(std::string_view text, ViaView &out);
    /// As read(), for a via-parm that may be followed by more in a comma-separated list:
    /// \a text starts with it (no LWS before) and it ends at the ',' after it or at the end of
    /// text, whose index \a end receives.
    static std::error_code readListed(std::string_view text, ViaView &out, std::size_t &end);

    std::optional<std::string_view> branch() const { return parameters.get("branch"); }
};

} // namespace sipcore
