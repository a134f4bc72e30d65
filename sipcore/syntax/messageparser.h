#pragma once

#include "sipcore/syntax/sipmessage.h"

#include <variant>

namespace sipcore {

using SipMessageVariant = std::variant<Request, Response>;

/// Parses one SIP message from a datagram (RFC 3261 §7, §18.3): start line, header fields
/// (folded lines joined, compact names accepted), blank line, body. With Content-Length the
/// body is that many octets and trailing octets are ignored; a body shorter than
/// Content-Length is an error; without Content-Length, or with several that disagree, the rest
/// of the datagram is the body.
///
/// The verdicts follow RFC 4475 and RFC 5118: what is well formed is accepted, even when the
/// layer above must refuse it, and every rejection names what was wrong (a SyntaxError).
/// - Requests: the Request-URI may have any scheme (sip/sips/tel structured, others opaque);
///   Via and CSeq must be present; every Via, From, To, Call-ID, CSeq, Contact, Route and
///   Record-Route field present must be well formed, and every CSeq method must equal the
///   request method (BadCSeq otherwise). A missing or repeated From, To or Call-ID, repeated
///   CSeq or conflicting Content-Length values are accepted: MessageValidator tells the UAS to
///   answer 400 to those, and builds the stateless answer to a request rejected here.
/// - Responses: Via, From, To, Call-ID and CSeq must each be present and well formed (From, To,
///   Call-ID and CSeq exactly once), as must Contact, Route and Record-Route when present.
///   Nobody answers a response, so whatever the layers above could not use is rejected here,
///   to be dropped.
/// Max-Forwards and the other headers do not decide acceptance (a bad Max-Forwards or Expires may
/// be treated as absent, RFC 4475 §3.1.2.4); their typed accessors report their errors.
///
/// One pass: the datagram is copied into the message's buffer once, and every known header's
/// values are parsed there into views (HeaderValue) that the typed accessors return without
/// parsing again.
class MessageParser
{
public:
    /// The largest datagram accepted (the UDP payload limit); larger gives MessageTooLarge.
    static constexpr std::size_t MaxMessageSize = 65535;
    /// The most header fields a message may have; more gives TooManyHeaders.
    static constexpr std::size_t MaxHeaderFields = 256;
    /// The longest header field, folded lines joined; longer gives LineTooLong.
    static constexpr std::size_t MaxLineLength = 8192;

    /// The message in \a datagram, or the SyntaxError that names why it is not one.
    static Result<SipMessageVariant> parseDatagram(std::string_view datagram);
    /// As above, into \a out, reusing its buffers: once they have grown to the size of the
    /// messages parsed, a parse allocates nothing. On error \a out holds an unspecified message.
    static std::error_code parseDatagram(std::string_view datagram, SipMessageVariant &out);
};

} // namespace sipcore
