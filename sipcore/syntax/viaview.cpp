#include "sipcore/syntax/viaview.h"

#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

namespace sipcore {

using namespace lexical;

Result<ViaView> ViaView::parse(std::string_view text)
{
    ViaView out;
    if (const auto error = read(text, out))
        return error;
    return out;
}

std::error_code ViaView::read(std::string_view text, ViaView &out)
{
    text = trim(text);
    std::size_t end = 0;
    if (const auto error = readListed(text, out, end))
        return error;
    return end == text.size() ? NoError : std::error_code(SyntaxError::BadVia);
}

std::error_code ViaView::readListed(std::string_view text, ViaView &out, std::size_t &end)
{
    // via-parm = sent-protocol LWS sent-by *( SEMI via-params ) (RFC 3261 §20.42, §25.1), with
    // sent-protocol = protocol-name SLASH protocol-version SLASH transport and SLASH, COLON and
    // SEMI allowing whitespace either side.
    std::size_t i = 0;
    auto token = [&] {
        const std::size_t length = span(text, Token, i);
        const std::string_view result = text.substr(i, length);
        i += length;
        return result;
    };
    auto slash = [&] {
        i = skipWhitespace(text, i);
        if (i >= text.size() || text[i] != '/')
            return false;
        i = skipWhitespace(text, i + 1);
        return true;
    };
    // "SIP/2.0/" as nearly every Via writes it, or the same with whitespace around the slashes.
    const bool compact = text.size() > 8 && (text[0] == 'S' || text[0] == 's')
                         && (text[1] == 'I' || text[1] == 'i') && (text[2] == 'P' || text[2] == 'p')
                         && text.substr(3, 5) == "/2.0/";
    if (compact)
        i = skipWhitespace(text, 8);
    else if (!equalsIgnoreCase(token(), "SIP") || !slash() || token() != "2.0" || !slash())
        return SyntaxError::BadVia;
    ViaView &via = out;
    via.transport = token();
    const std::size_t afterTransport = i;
    i = skipWhitespace(text, i);
    if (via.transport.empty() || i == afterTransport)
        return SyntaxError::BadVia;

    // sent-by = host [ COLON port ]. A hostname ends at the first octet it cannot hold; an IPv6
    // reference at its ']'.
    if (i < text.size() && text[i] == '[') {
        const std::size_t close = lexical::find(text, ']', i);
        if (close == std::string_view::npos)
            return SyntaxError::BadVia;
        const auto hostPort = HostPortView::parse(text.substr(i, close + 1 - i));
        if (!hostPort || hostPort->port)
            return SyntaxError::BadVia;
        via.sentBy = *hostPort;
        i = close + 1;
    } else {
        const std::size_t length = HostPortView::readHostname(text.substr(i), via.sentBy);
        if (length == std::string_view::npos)
            return SyntaxError::BadVia;
        i += length;
    }
    i = skipWhitespace(text, i);
    if (i < text.size() && text[i] == ':') {
        i = skipWhitespace(text, i + 1);
        const std::size_t digits = span(text, Digit, i);
        std::uint32_t number = 0;
        if (digits == 0 || digits > 5 || !parseNumber(text.substr(i, digits), number, 65535)
            || number == 0)
            return SyntaxError::BadVia;
        via.sentBy.port = static_cast<std::uint16_t>(number);
        i = skipWhitespace(text, i + digits);
    }
    if (i == text.size() || text[i] == ',') {
        end = i;
        return NoError;
    }
    if (text[i] != ';')
        return SyntaxError::BadVia;

    const std::string_view params = text.substr(i + 1);
    std::size_t flags = 0;
    std::size_t paramsEnd = 0;
    const auto parsed = ParametersView::parseListed(params, paramsEnd, &flags);
    if (!parsed)
        return limitOr(parsed.error(), SyntaxError::BadVia); // or nothing after the ';'
    via.parameters = *parsed;
    end = i + 1 + paramsEnd;
    // via-branch, via-received, via-maddr and via-ttl always carry a value; rport may not.
    // Read again only when some parameter has none.
    if (flags != 0) {
        for (const auto parameter : via.parameters) {
            if (!parameter.value
                && (equalsIgnoreCase(parameter.name, "branch")
                    || equalsIgnoreCase(parameter.name, "received")
                    || equalsIgnoreCase(parameter.name, "maddr")
                    || equalsIgnoreCase(parameter.name, "ttl")))
                return SyntaxError::BadVia;
        }
    }
    return NoError;
}

} // namespace sipcore
