#pragma once

#include "sipcore/syntax/sipmessage.h"

#include <variant>

namespace sipcore {

using SipMessageVariant = std::variant<Request, Response>;

/// Parses one SIP message from a datagram (RFC 3261 §7, §18.3): start line, header fields
/// (folded lines joined, compact names accepted), blank line, body. With Content-Length the
/// body is that many octets and trailing octets are ignored; a body shorter than
/// Content-Length is an error; without Content-Length the rest of the datagram is the body.
/// Requires the mandatory headers (Via, From, To, Call-ID, CSeq; Max-Forwards is not
/// required) to be present and parseable; a request needs a SIP/SIPS Request-URI.
class MessageParser
{
public:
    static constexpr std::size_t MaxMessageSize = 65535;
    static Result<SipMessageVariant> parseDatagram(std::string_view datagram);
};

} // namespace sipcore
