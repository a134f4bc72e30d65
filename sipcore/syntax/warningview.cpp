#include "sipcore/syntax/warningview.h"

#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"
#include "sipcore/syntax/uriview.h"

namespace sipcore {

using namespace lexical;

Result<WarningView> WarningView::parse(std::string_view text)
{
    WarningView out;
    if (const auto error = read(text, out))
        return error;
    return out;
}

std::error_code WarningView::read(std::string_view text, WarningView &out)
{
    text = trim(text);
    WarningView &result = out;
    std::uint32_t code = 0;
    if (text.size() < 4 || span(text, Digit) != 3 || text[3] != ' '
        || !parseNumber(text.substr(0, 3), code))
        return SyntaxError::BadHeaderValue;
    result.code = static_cast<std::uint16_t>(code);
    const std::size_t agentEnd = text.find(' ', 4);
    if (agentEnd == std::string_view::npos)
        return SyntaxError::BadHeaderValue;
    result.agent = text.substr(4, agentEnd - 4);
    if (!HostPortView::parse(result.agent) && span(result.agent, Token) != result.agent.size())
        return SyntaxError::BadHeaderValue;
    // warn-text = quoted-string
    const std::string_view quoted = text.substr(agentEnd + 1);
    if (!quoted.starts_with('"') || skipQuotedString(quoted, 0) != quoted.size())
        return SyntaxError::BadHeaderValue;
    result.text = quoted.substr(1, quoted.size() - 2);
    return NoError;
}

} // namespace sipcore
