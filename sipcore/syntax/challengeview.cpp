#include "sipcore/syntax/challengeview.h"

#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

namespace sipcore {

using namespace lexical;

Result<ChallengeView> ChallengeView::parse(std::string_view text, bool withScheme)
{
    ChallengeView out;
    if (const auto error = read(text, withScheme, out))
        return error;
    return out;
}

std::error_code ChallengeView::read(std::string_view text, bool withScheme, ChallengeView &out)
{
    text = trim(text);
    ChallengeView &result = out;
    if (withScheme) {
        const std::size_t length = span(text, Token);
        result.scheme = text.substr(0, length);
        const std::size_t params = skipWhitespace(text, length);
        if (length == 0 || params == length || params == text.size())
            return SyntaxError::BadHeaderValue;
        text = text.substr(params);
    }
    const auto parameters = ParametersView::parse(text, ParametersView::Syntax::Auth);
    if (!parameters)
        return parameters.error();
    if (parameters->empty())
        return SyntaxError::BadHeaderValue;
    result.parameters = *parameters;
    return NoError;
}

} // namespace sipcore
