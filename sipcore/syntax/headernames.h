#pragma once

#include <cstdint>
#include <string_view>

namespace sipcore {

/// The headers the stack knows by name (RFC 3261 §20 and the extensions the stack uses).
/// Other names are HeaderId::Other and kept verbatim.
enum class HeaderId : std::uint8_t {
    Other,
    Accept,
    AcceptContact,
    AcceptEncoding,
    AcceptLanguage,
    AlertInfo,
    Allow,
    AllowEvents,
    AuthenticationInfo,
    Authorization,
    CallId,
    CallInfo,
    Contact,
    ContentDisposition,
    ContentEncoding,
    ContentLanguage,
    ContentLength,
    ContentType,
    CSeq,
    Date,
    ErrorInfo,
    Event,
    Expires,
    From,
    Identity,
    InReplyTo,
    MaxForwards,
    MimeVersion,
    MinExpires,
    MinSE,
    Organization,
    PAssertedIdentity,
    PPreferredIdentity,
    Priority,
    ProxyAuthenticate,
    ProxyAuthorization,
    ProxyRequire,
    RAck,
    Reason,
    RecordRoute,
    ReferredBy,
    ReferTo,
    RejectContact,
    Replaces,
    ReplyTo,
    RequestDisposition,
    Require,
    RetryAfter,
    Route,
    RSeq,
    Server,
    SessionExpires,
    Subject,
    SubscriptionState,
    Supported,
    Timestamp,
    To,
    Unsupported,
    UserAgent,
    Via,
    Warning,
    WwwAuthenticate,
    Count // not a header: the number of ids
};

/// The id of a header name: case-insensitive, compact forms ("v", "i", "k", …, RFC 3261 §7.3.3
/// and the IANA registry) included. HeaderId::Other for any name the stack does not know.
HeaderId headerIdOf(std::string_view name);
/// The canonical long name of a known header ("Call-ID", "WWW-Authenticate"); "" for Other.
std::string_view headerName(HeaderId id);
/// The long form of a compact header name ("v" → "Via", "i" → "Call-ID", …); other names are
/// returned unchanged.
std::string_view expandCompactHeaderName(std::string_view name);
/// Header names compare case-insensitively and compact forms equal their long forms.
bool headerNameEquals(std::string_view a, std::string_view b);
/// ASCII case-insensitive comparison.
bool equalsIgnoreCase(std::string_view a, std::string_view b);
/// True when text is a non-empty RFC 3261 token (§25.1): the shape of header names, methods,
/// transports and parameter names.
bool isToken(std::string_view text);

} // namespace sipcore
