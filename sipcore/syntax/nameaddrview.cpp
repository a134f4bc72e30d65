#include "sipcore/syntax/nameaddrview.h"

#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

namespace sipcore {

namespace {

using namespace lexical;

std::error_code parseParameters(std::string_view text, NameAddrView &out)
{
    const auto parameters = ParametersView::parse(text, ParametersView::Syntax::Header);
    if (!parameters)
        return limitOr(parameters.error(), SyntaxError::BadNameAddr);
    if (parameters->empty())
        return SyntaxError::BadNameAddr; // nothing after the ';'
    out.parameters = *parameters;
    return NoError;
}

} // namespace

Result<NameAddrView> NameAddrView::parse(std::string_view text)
{
    NameAddrView out;
    if (const auto error = read(text, out))
        return error;
    return out;
}

std::error_code NameAddrView::read(std::string_view text, NameAddrView &out)
{
    // (name-addr / addr-spec) *(SEMI param) (RFC 3261 §20.10, §25.1), where
    // name-addr = [ display-name ] LAQUOT addr-spec RAQUOT.
    text = trim(text);
    if (text.empty())
        return SyntaxError::BadNameAddr;
    if (text.front() == '"' || lexical::find(text, '<') != std::string_view::npos) {
        std::size_t end = 0;
        if (const auto error = readListed(text, out, end))
            return error;
        return end == text.size() ? NoError : std::error_code(SyntaxError::BadNameAddr);
    }
    // addr-spec: parameters after the URI are header parameters, and a URI carrying ',', ';'
    // or '?' would have to be enclosed in <> (§20.10).
    const std::size_t semicolon = lexical::find(text, ';');
    const std::string_view spec = trim(text.substr(0, semicolon));
    if (lexical::findAny(spec, ",?") != std::string_view::npos)
        return SyntaxError::BadNameAddr;
    if (const auto error = UriView::read(spec, out.uri))
        return limitOr(error, SyntaxError::BadNameAddr);
    if (semicolon != std::string_view::npos) {
        if (const auto error = parseParameters(text.substr(semicolon + 1), out))
            return error;
    }
    return NoError;
}

std::error_code NameAddrView::readListed(std::string_view text, NameAddrView &out, std::size_t &end)
{
    std::size_t laquot = 0;
    if (!text.empty() && text.front() == '"') {
        const std::size_t close = skipQuotedString(text, 0);
        if (close == std::string_view::npos)
            return SyntaxError::BadNameAddr;
        out.displayName = text.substr(1, close - 2);
        out.quotedDisplayName = true;
        laquot = skipWhitespace(text, close);
    } else {
        // *(token LWS): the words end at the '<'.
        while (laquot < text.size() && (is(text[laquot], Token) || isWhitespace(text[laquot])))
            ++laquot;
        out.displayName = trim(text.substr(0, laquot));
    }
    if (laquot >= text.size() || text[laquot] != '<')
        return SyntaxError::BadNameAddr;
    // The URI runs some thirty octets, long enough for memchr to beat an inline loop.
    const std::size_t raquot = text.find('>', laquot);
    if (raquot == std::string_view::npos)
        return SyntaxError::BadNameAddr;
    if (const auto error = UriView::read(text.substr(laquot + 1, raquot - laquot - 1), out.uri))
        return limitOr(error, SyntaxError::BadNameAddr);
    const std::size_t after = skipWhitespace(text, raquot + 1);
    if (after == text.size() || text[after] == ',') {
        end = after;
        return NoError;
    }
    if (text[after] != ';')
        return SyntaxError::BadNameAddr;
    std::size_t parametersEnd = 0;
    const auto parameters = ParametersView::parseListed(text.substr(after + 1), parametersEnd);
    if (!parameters)
        return limitOr(parameters.error(), SyntaxError::BadNameAddr); // or nothing after ';'
    out.parameters = *parameters;
    end = after + 1 + parametersEnd;
    return NoError;
}

std::optional<std::uint32_t> NameAddrView::expires() const
{
    const auto value = parameters.get("expires");
    std::uint32_t seconds = 0;
    if (!value || !parseNumber(*value, seconds))
        return std::nullopt;
    return seconds;
}

std::optional<std::uint16_t> NameAddrView::q() const
{
    // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
    const auto value = parameters.get("q");
    if (!value || value->empty() || (value->front() != '0' && value->front() != '1'))
        return std::nullopt;
    const bool one = value->front() == '1';
    std::uint16_t thousandths = one ? 1000 : 0;
    if (value->size() > 1) {
        const std::string_view fraction = value->substr(1);
        if (fraction.front() != '.' || fraction.size() > 4)
            return std::nullopt;
        std::uint16_t scale = 100;
        for (const char c : fraction.substr(1)) {
            if (!isDigit(c) || (one && c != '0'))
                return std::nullopt;
            thousandths = static_cast<std::uint16_t>(thousandths + (c - '0') * scale);
            scale /= 10;
        }
    }
    return thousandths;
}

} // namespace sipcore
