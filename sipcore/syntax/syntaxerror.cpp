#include "sipcore/syntax/syntaxerror.h"

#include <string>

namespace sipcore {

namespace {

class SyntaxCategory final : public std::error_category
{
public:
    const char *name() const noexcept override { return "sipcore.syntax"; }

    std::string message(int value) const override
    {
        switch (static_cast<SyntaxError>(value)) {
        case SyntaxError::EmptyMessage:
            return "empty message";
        case SyntaxError::MessageTooLarge:
            return "message larger than the datagram limit";
        case SyntaxError::BadStartLine:
            return "malformed start line";
        case SyntaxError::BadVersion:
            return "unsupported SIP version";
        case SyntaxError::BadMethod:
            return "malformed method";
        case SyntaxError::BadStatusCode:
            return "malformed status code";
        case SyntaxError::BadRequestUri:
            return "malformed Request-URI";
        case SyntaxError::BadHeaderLine:
            return "malformed header line";
        case SyntaxError::BadHeaderValue:
            return "malformed header value";
        case SyntaxError::MissingHeader:
            return "missing header field";
        case SyntaxError::BadContentLength:
            return "malformed or repeated Content-Length";
        case SyntaxError::BodyTooShort:
            return "body shorter than Content-Length";
        case SyntaxError::BadUri:
            return "malformed URI";
        case SyntaxError::UnsupportedUriScheme:
            return "unsupported URI scheme";
        case SyntaxError::BadVia:
            return "malformed Via";
        case SyntaxError::BadNameAddr:
            return "malformed name-addr";
        case SyntaxError::BadCSeq:
            return "malformed CSeq";
        case SyntaxError::BadNumber:
            return "malformed number";
        case SyntaxError::DuplicateHeader:
            return "header field repeated where only one is allowed";
        case SyntaxError::UnsupportedMethod:
            return "method not implemented";
        case SyntaxError::MissingContentLength:
            return "Content-Length required on a stream";
        case SyntaxError::ConflictingContentLength:
            return "Content-Length fields disagree";
        case SyntaxError::TooManyHeaders:
            return "too many header fields";
        case SyntaxError::LineTooLong:
            return "header line too long";
        case SyntaxError::TooManyParameters:
            return "too many parameters in one header value";
        case SyntaxError::NestingTooDeep:
            return "comments nested too deeply";
        case SyntaxError::BadBoundary:
            return "malformed multipart boundary";
        case SyntaxError::MissingDelimiter:
            return "multipart body without its first or close delimiter";
        case SyntaxError::BadPartHeader:
            return "malformed header line in a body part";
        case SyntaxError::TooManyParts:
            return "multipart body with too many parts";
        }
        return "unknown syntax error";
    }
};

} // namespace

const std::error_category &syntaxCategory()
{
    static const SyntaxCategory category;
    return category;
}

std::error_code make_error_code(SyntaxError error)
{
    return {static_cast<int>(error), syntaxCategory()};
}

std::error_code limitOr(std::error_code inner, SyntaxError shape)
{
    if (inner == SyntaxError::TooManyHeaders || inner == SyntaxError::LineTooLong
        || inner == SyntaxError::TooManyParameters || inner == SyntaxError::NestingTooDeep)
        return inner;
    return shape;
}

} // namespace sipcore
