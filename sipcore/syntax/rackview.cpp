#include "sipcore/syntax/rackview.h"

#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

namespace sipcore {

using namespace lexical;

Result<RAckView> RAckView::parse(std::string_view text)
{
    text = trim(text);
    RAckView result;
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
    return result;
}

} // namespace sipcore
