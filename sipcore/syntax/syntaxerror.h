#pragma once

#include <system_error>

namespace sipcore {

/// Why a piece of SIP text was rejected. Every rejection names what was wrong.
enum class SyntaxError {
    EmptyMessage = 1,
    MessageTooLarge,
    BadStartLine,
    BadVersion,
    BadMethod,
    BadStatusCode,
    BadRequestUri,
    BadHeaderLine,
    BadHeaderValue,
    MissingHeader,
    BadContentLength,
    BodyTooShort,
    BadUri,
    UnsupportedUriScheme,
    BadVia,
    BadNameAddr,
    BadCSeq,
    BadNumber,
    DuplicateHeader,          // a header that may appear once appears more than once
    UnsupportedMethod,        // a request method the element does not implement (answered 501)
    MissingContentLength,     // a message on a stream without Content-Length (§18.3)
    ConflictingContentLength, // Content-Length fields that disagree: framing is lost
};

const std::error_category &syntaxCategory();
std::error_code make_error_code(SyntaxError error);

} // namespace sipcore

template<>
struct std::is_error_code_enum<sipcore::SyntaxError> : std::true_type
{
};
