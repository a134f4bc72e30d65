#pragma once

#include "sipcore/syntax/parametersview.h"
#include "sipcore/util/result.h"

#include <string_view>

namespace sipcore {

/// A challenge (WWW-Authenticate, Proxy-Authenticate), credentials (Authorization,
/// Proxy-Authorization) or Authentication-Info value read in place (RFC 3261 §20.5, §20.7,
/// §20.27, §20.28, §20.44; RFC 7616): an auth scheme and its comma-separated auth-params.
struct ChallengeView
{
    std::string_view scheme; // "Digest", as written; empty for Authentication-Info
    ParametersView parameters;

    /// Parses "scheme LWS auth-param *(COMMA auth-param)", or only the auth-params when
    /// \a withScheme is false. Malformed gives BadHeaderValue.
    static Result<ChallengeView> parse(std::string_view text, bool withScheme);
    /// As parse(), into \a out, which must be default-constructed: no copy on the way.
    static std::error_code read(std::string_view text, bool withScheme, ChallengeView &out);
};

} // namespace sipcore
