#pragma once

#include "sipcore/syntax/challengeview.h"
#include "sipcore/syntax/cseqview.h"
#include "sipcore/syntax/nameaddrview.h"
#include "sipcore/syntax/parameterizedvalueview.h"
#include "sipcore/syntax/rackview.h"
#include "sipcore/syntax/sipdate.h"
#include "sipcore/syntax/syntaxerror.h"
#include "sipcore/syntax/viaview.h"
#include "sipcore/syntax/warningview.h"

#include <cstdint>
#include <string_view>
#include <system_error>
#include <variant>

namespace sipcore {

/// The typed form of one header value. Which alternative each header holds:
/// - ViaView: Via.
/// - NameAddrView: From, To, Contact, Route, Record-Route, Refer-To, Referred-By, Reply-To,
///   P-Asserted-Identity, P-Preferred-Identity, Alert-Info, Call-Info, Error-Info.
/// - std::string_view: Call-ID, In-Reply-To (a Call-ID each), Contact "*", the option tags and
///   names of Allow, Supported, Require, Proxy-Require, Unsupported, Allow-Events,
///   Content-Encoding, Content-Language, Priority, and the validated text of User-Agent and
///   Server.
/// - std::uint32_t: Content-Length, Max-Forwards, Expires, Min-Expires, RSeq.
/// - CSeqView: CSeq. RAckView: RAck. WarningView: Warning. SipDate: Date.
/// - ParameterizedValueView: Event, Subscription-State, Content-Disposition, Content-Type,
///   Accept, Accept-Encoding, Accept-Language, Reason, Session-Expires, Min-SE, Retry-After,
///   Replaces.
/// - ChallengeView: WWW-Authenticate, Proxy-Authenticate, Authorization, Proxy-Authorization,
///   Authentication-Info.
/// - std::monostate: a malformed value (see error).
using TypedValue = std::variant<std::monostate,
                                std::string_view,
                                std::uint32_t,
                                ViaView,
                                NameAddrView,
                                CSeqView,
                                RAckView,
                                ParameterizedValueView,
                                ChallengeView,
                                WarningView,
                                SipDate>;

/// One value of a header field (an element of a comma-separated list, or the whole field
/// value), read in place: its text and its typed form, or the error that made it malformed.
struct HeaderValue
{
    // User-provided, so that a new value is not zero-filled first (value-initialization of
    // the variant's storage is the parser's largest cost otherwise).
    HeaderValue() noexcept {}

    std::string_view text;           // as written, without surrounding whitespace
    std::error_code error = NoError; // set when the value is malformed; typed is then monostate
    TypedValue typed;

    /// The typed form when it is a T, else nullptr.
    template<class T>
    const T *as() const
    {
        return std::get_if<T>(&typed);
    }
};

} // namespace sipcore
