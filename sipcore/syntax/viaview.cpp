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
    if (!equalsIgnoreCase(token(), "SIP") || !slash() || token() != "2.0" || !slash())
        return SyntaxError::BadVia;
    ViaView &via = out;
    via.transport = token();
    const std::size_t afterTransport = i;
    i = skipWhitespace(text, i);
    if (via.transport.empty() || i == afterTransport)
        return SyntaxError::BadVia;

    // sent-by = host [ COLON port ]
    const std::size_t semicolon = lexical::find(text, ';', i);
    const std::string_view sentBy = trim(text.substr(i, semicolon - i));
    std::size_t hostEnd = 0;
    if (sentBy.starts_with('[')) {
        hostEnd = lexical::find(sentBy, ']');
        hostEnd = hostEnd == std::string_view::npos ? sentBy.size() : hostEnd + 1;
    } else {
        hostEnd = lexical::findAny(sentBy, ": \t");
        hostEnd = hostEnd == std::string_view::npos ? sentBy.size() : hostEnd;
    }
    const auto host = HostPortView::parse(sentBy.substr(0, hostEnd));
    if (!host || host->port)
        return SyntaxError::BadVia;
    via.sentBy = *host;
    const std::string_view port = trim(sentBy.substr(hostEnd));
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
        const auto parsed = ParametersView::parse(params, ParametersView::Syntax::Header);
        if (!parsed)
            return limitOr(parsed.error(), SyntaxError::BadVia);
        if (trim(params).empty())
            return SyntaxError::BadVia;
        via.parameters = *parsed;
        // via-branch, via-received, via-maddr and via-ttl always carry a value; rport may not.
        for (const auto parameter : via.parameters) {
            if (!parameter.value
                && (equalsIgnoreCase(parameter.name, "branch")
                    || equalsIgnoreCase(parameter.name, "received")
                    || equalsIgnoreCase(parameter.name, "maddr")
                    || equalsIgnoreCase(parameter.name, "ttl")))
                return SyntaxError::BadVia;
        }
    }
    return {};
}

} // namespace sipcore
