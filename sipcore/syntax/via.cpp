#include "sipcore/syntax/via.h"

#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"
#include "sipcore/syntax/uri.h"

namespace sipcore {

namespace {

using lexical::isWhitespace;
using lexical::trim;

} // namespace

Result<Via> Via::parse(std::string_view text)
{
    // via-parm = sent-protocol LWS sent-by *( SEMI via-params ) (RFC 3261 §20.42, §25.1), with
    // sent-protocol = protocol-name SLASH protocol-version SLASH transport and SLASH, COLON and
    // SEMI allowing whitespace either side.
    text = trim(text);
    std::size_t i = 0;
    const std::size_t n = text.size();
    auto skipWhitespace = [&] {
        const std::size_t start = i;
        while (i < n && isWhitespace(text[i]))
            ++i;
        return i > start;
    };
    auto readToken = [&] {
        const std::size_t start = i;
        while (i < n && isToken(text.substr(i, 1)))
            ++i;
        return text.substr(start, i - start);
    };
    auto expectSlash = [&] {
        skipWhitespace();
        if (i >= n || text[i] != '/')
            return false;
        ++i;
        skipWhitespace();
        return true;
    };

    const std::string_view protocol = readToken();
    if (!equalsIgnoreCase(protocol, "SIP") || !expectSlash())
        return SyntaxError::BadVia;
    if (readToken() != "2.0" || !expectSlash())
        return SyntaxError::BadVia;
    const std::string_view transport = readToken();
    if (transport.empty() || !skipWhitespace())
        return SyntaxError::BadVia;

    Via via;
    via.transport.clear();
    for (const char c : transport)
        via.transport += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;

    const std::string_view rest = text.substr(i);
    const std::size_t semicolon = rest.find(';');
    const std::string_view sentBy = trim(rest.substr(0, semicolon));
    // Join "host : port" into "host:port"; any other whitespace is left for parseHostPort to
    // reject.
    std::size_t portColon = std::string_view::npos;
    if (sentBy.starts_with('[')) {
        const std::size_t close = sentBy.find(']');
        if (close != std::string_view::npos)
            portColon = sentBy.find(':', close);
    } else {
        portColon = sentBy.find(':');
    }
    std::optional<HostPort> hostPort;
    if (portColon == std::string_view::npos) {
        hostPort = parseHostPort(sentBy);
    } else {
        std::string joined(trim(sentBy.substr(0, portColon)));
        joined += ':';
        joined += trim(sentBy.substr(portColon + 1));
        hostPort = parseHostPort(joined);
    }
    if (!hostPort)
        return SyntaxError::BadVia;
    via.host = std::move(hostPort->host);
    via.port = hostPort->port;

    if (semicolon != std::string_view::npos) {
        const std::string_view params = rest.substr(semicolon + 1);
        if (trim(params).empty() || !via.parameters.parse(params))
            return SyntaxError::BadVia;
        // via-branch, via-received, via-maddr and via-ttl always carry a value; rport may not.
        for (const std::string_view name : {"branch", "received", "maddr", "ttl"}) {
            if (via.parameters.has(name) && !via.parameters.get(name))
                return SyntaxError::BadVia;
        }
    }
    return via;
}

std::string Via::toString() const
{
    std::string out = "SIP/2.0/";
    out += transport;
    out += ' ';
    if (host.find(':') != std::string::npos) {
        out += '[';
        out += host;
        out += ']';
    } else {
        out += host;
    }
    if (port) {
        out += ':';
        out += std::to_string(*port);
    }
    parameters.appendTo(out);
    return out;
}

bool Via::hasMagicCookie() const
{
    const auto value = branch();
    return value && value->starts_with("z9hG4bK");
}

} // namespace sipcore
