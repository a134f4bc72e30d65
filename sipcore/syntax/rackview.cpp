#include "sipcore/syntax/rackview.h"

#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

namespace sipcore {

using namespace lexical;

Result<RAckView> RAckView::parse(std::string_view text)
{
    RAckView out;
    if (const auto error = read(text, out))
        return error;
    return out;
}

std::error_code RAckView::read(std::string_view text, RAckView &out)
{
    text = trim(text);
    RAckView &result = out;
    const std::size_t firstEnd = span(text, Digit);
    const std::size_t secondStart = skipWhitespace(text, firstEnd);
    const std::size_t secondEnd = secondStart + span(text, Digit, secondStart);
    const std::size_t methodStart = skipWhitespace(text, secondEnd);
    result.method = text.substr(methodStart);
    if (!parseNumber(text.substr(0, firstEnd), result.responseNumber) || secondStart == firstEnd
        || !parseNumber(text.substr(secondStart, secondEnd - secondStart), result.sequence)
        || methodStart == secondEnd || result.method.empty()
        || span(result.method, Token) != result.method.size())
        return SyntaxError::BadHeaderValue;
    return NoError;
}

} // namespace sipcore
