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
    TooManyHeaders,           // more header fields than MessageParser::MaxHeaderFields
    LineTooLong,              // a header line (folded lines joined) over MaxLineLength
    TooManyParameters,        // more parameters in one value than ParametersView allows
    NestingTooDeep,           // comments nested deeper than the parser follows
    BadBoundary,              // a multipart boundary that RFC 2046 §5.1.1 does not allow
    MissingDelimiter,         // a multipart body without its first or its close delimiter
    BadPartHeader,            // a line in a body part's header block that is not a header
    TooManyParts,             // a multipart body with more parts than the caller allows
};

const std::error_category &syntaxCategory();
std::error_code make_error_code(SyntaxError error);
/// \a inner when it is a limit (TooManyParameters, NestingTooDeep, …), which keeps its name
/// wherever it is hit; otherwise \a shape, the error of the value being parsed.
std::error_code limitOr(std::error_code inner, SyntaxError shape);
/// No error, equal to std::error_code(). Its default constructor calls std::system_category()
/// out of line, and the parser returns no error from every value it reads: it copies this one.
inline const std::error_code NoError{};

} // namespace sipcore

template<>
struct std::is_error_code_enum<sipcore::SyntaxError> : std::true_type
{
};
