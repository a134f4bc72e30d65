#include "sipcore/syntax/parameterizedvalueview.h"

#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

namespace sipcore {

namespace {

using namespace lexical;
using Kind = ParameterizedValueView::Kind;

// m-type SLASH m-subtype, each a token (or "*" where a range allows it).
bool isMediaType(std::string_view text, bool range)
{
    const std::size_t slash = lexical::find(text, '/');
    if (slash == std::string_view::npos)
        return false;
    const std::string_view type = trim(text.substr(0, slash));
    const std::string_view subtype = trim(text.substr(slash + 1));
    if (type.empty() || subtype.empty() || span(type, Token) != type.size()
        || span(subtype, Token) != subtype.size())
        return false;
    // A wildcard type takes a wildcard subtype ("*/*"); '*' is a token character, so only
    // ranges may use it alone.
    if (!range && (type == "*" || subtype == "*"))
        return false;
    return type != "*" || subtype == "*";
}

} // namespace

std::size_t commentLength(std::string_view text, int maxDepth, bool &tooDeep)
{
    // comment = LPAREN *(ctext / quoted-pair / comment) RPAREN
    int depth = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '(') {
            if (++depth > maxDepth) {
                tooDeep = true;
                return 0;
            }
        } else if (c == ')') {
            if (--depth == 0)
                return i + 1;
        } else if (c == '\\') {
            if (++i >= text.size() || text[i] == '\r' || text[i] == '\n')
                return 0;
        } else if (c == '\r' || c == '\n') {
            return 0;
        }
        if (depth == 0)
            return 0; // text did not start with '('
    }
    return 0;
}

Result<ParameterizedValueView> ParameterizedValueView::parse(std::string_view text, Kind kind)
{
    ParameterizedValueView out;
    if (const auto error = read(text, kind, out))
        return error;
    return out;
}

std::error_code
ParameterizedValueView::read(std::string_view text, Kind kind, ParameterizedValueView &out)
{
    text = trim(text);
    ParameterizedValueView &result = out;
    std::size_t end = 0; // where the value (and comment) ends
    if (kind == Kind::CallId) {
        // A Call-ID may hold ';' only in theory: word excludes it, so the first one ends it.
        end = lexical::find(text, ';');
        result.value = trim(text.substr(0, end));
        if (!isCallId(result.value))
            return SyntaxError::BadHeaderValue;
    } else if (kind == Kind::DeltaSeconds || kind == Kind::DeltaSecondsComment) {
        end = span(text, Digit);
        result.value = text.substr(0, end);
        if (!parseNumber(result.value, result.seconds))
            return SyntaxError::BadHeaderValue;
        const std::size_t open = skipWhitespace(text, end);
        if (kind == Kind::DeltaSecondsComment && open < text.size() && text[open] == '(') {
            bool tooDeep = false;
            const std::size_t length = commentLength(text.substr(open), MaxCommentDepth, tooDeep);
            if (length == 0)
                return tooDeep ? SyntaxError::NestingTooDeep : SyntaxError::BadHeaderValue;
            result.comment = text.substr(open + 1, length - 2);
            end = open + length;
        }
    } else {
        end = lexical::find(text, ';');
        result.value = trim(text.substr(0, end));
        const bool valid = kind == Kind::Token
                                   ? !result.value.empty()
                                             && span(result.value, Token) == result.value.size()
                                   : isMediaType(result.value, kind == Kind::MediaRange);
        if (!valid)
            return SyntaxError::BadHeaderValue;
    }
    end = skipWhitespace(text, end == std::string_view::npos ? text.size() : end);
    if (end == text.size())
        return NoError;
    if (text[end] != ';')
        return SyntaxError::BadHeaderValue;
    const std::string_view params = text.substr(end + 1);
    const auto parsed = ParametersView::parse(params, ParametersView::Syntax::Header);
    if (!parsed)
        return parsed.error();
    if (trim(params).empty())
        return SyntaxError::BadHeaderValue;
    result.parameters = *parsed;
    return NoError;
}

std::string_view ParameterizedValueView::type() const
{
    return trim(value.substr(0, lexical::find(value, '/')));
}

std::string_view ParameterizedValueView::subtype() const
{
    const std::size_t slash = lexical::find(value, '/');
    return slash == std::string_view::npos ? std::string_view() : trim(value.substr(slash + 1));
}

} // namespace sipcore
