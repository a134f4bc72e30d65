#include "sipcore/syntax/viaview.h"

#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

#include <algorithm>

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
    // via-parm = sent-protocol LWS sent-by *( SEMI via-params ) (RFC 3261 §20.42, §25.1), with
    // sent-protocol = protocol-name SLASH protocol-version SLASH transport and SLASH, COLON and
    // SEMI allowing whitespace either side.
    text = trim(text);
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

    // sent-by = host [ COLON port ], up to the first ';'. A hostname ends at the first octet it
    // cannot hold, which must be the colon, whitespace, the ';' or the end.
    std::size_t hostEnd = i;
    if (i < text.size() && text[i] == '[') {
        const std::size_t close = lexical::find(text, ']', i);
        const std::size_t semicolon = lexical::find(text, ';', i);
        hostEnd = close == std::string_view::npos || close > semicolon ? semicolon : close + 1;
        hostEnd = std::min(hostEnd, text.size());
        const std::string_view host = trim(text.substr(i, hostEnd - i));
        const auto hostPort = HostPortView::parse(host);
        if (!hostPort || hostPort->port)
            return SyntaxError::BadVia;
        via.sentBy = *hostPort;
    } else {
        const std::size_t length = HostPortView::readHostname(text.substr(i), via.sentBy);
        if (length == std::string_view::npos)
            return SyntaxError::BadVia;
        hostEnd = i + length;
        if (hostEnd < text.size() && !isWhitespace(text[hostEnd]) && text[hostEnd] != ':'
            && text[hostEnd] != ';')
            return SyntaxError::BadVia;
    }
    const std::size_t semicolon = lexical::find(text, ';', hostEnd);
    const std::string_view port = trim(text.substr(hostEnd, semicolon - hostEnd));
    if (!port.empty()) {
        std::uint32_t number = 0;
        const std::string_view digits = trim(port.substr(1));
        if (port.front() != ':' || digits.size() > 5 || !parseNumber(digits, number, 65535)
            || number == 0)
            return SyntaxError::BadVia;
        via.sentBy.port = static_cast<std::uint16_t>(number);
    }

    if (semicolon != std::string_view::npos) {
        const std::string_view params = text.substr(semicolon + 1);
        std::size_t flags = 0;
        const auto parsed = ParametersView::parse(params, ParametersView::Syntax::Header, &flags);
        if (!parsed)
            return limitOr(parsed.error(), SyntaxError::BadVia);
        if (parsed->empty())
            return SyntaxError::BadVia; // nothing after the ';'
        via.parameters = *parsed;
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
    }
    return {};
}

} // namespace sipcore
