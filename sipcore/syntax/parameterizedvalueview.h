#pragma once

#include "sipcore/syntax/parametersview.h"
#include "sipcore/util/result.h"

#include <cstdint>
#include <string_view>

namespace sipcore {

/// A value followed by header parameters, read in place: the shape of Event,
/// Subscription-State, Content-Disposition, Content-Type, Accept, Reason, Session-Expires,
/// Min-SE, Retry-After and Replaces (RFC 3261 §20, RFC 6665, RFC 3326, RFC 4028, RFC 3891).
struct ParameterizedValueView
{
    /// What the value before the parameters must be.
    enum class Kind : std::uint8_t {
        Token,               ///< Event, Subscription-State, Content-Disposition, Reason
        MediaType,           ///< Content-Type: type "/" subtype
        MediaRange,          ///< Accept: as MediaType, with "*" wildcards
        DeltaSeconds,        ///< Session-Expires, Min-SE
        DeltaSecondsComment, ///< Retry-After: delta-seconds [ comment ]
        CallId,              ///< Replaces: a Call-ID (RFC 3891 §6.1)
    };
    /// The deepest nesting of comments accepted; deeper is NestingTooDeep.
    static constexpr int MaxCommentDepth = 8;

    std::string_view value;    // as written ("presence", "application/sdp", "1800", …)
    std::uint32_t seconds = 0; // the value, for the delta-seconds kinds
    std::string_view comment;  // Retry-After's comment without its parentheses; may be empty
    ParametersView parameters;

    /// Parses \a text as \a kind; malformed gives BadHeaderValue (NestingTooDeep for a comment
    /// nested deeper than MaxCommentDepth).
    static Result<ParameterizedValueView> parse(std::string_view text, Kind kind);
    /// As parse(), into \a out, which must be default-constructed: no copy on the way.
    static std::error_code read(std::string_view text, Kind kind, ParameterizedValueView &out);
    /// For a media type: the part before '/' and after it, whitespace trimmed.
    std::string_view type() const;
    std::string_view subtype() const;
};

/// The length of the comment (RFC 3261 §25.1) that starts with the '(' at \a text[0], nested
/// comments and quoted-pairs included; 0 when it is malformed or nested deeper than
/// \a maxDepth (then \a tooDeep is set).
std::size_t commentLength(std::string_view text, int maxDepth, bool &tooDeep);

} // namespace sipcore
