#include "sipcore/syntax/uri.h"

#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

namespace sipcore {

namespace {

std::string toLower(std::string_view text)
{
    std::string out(text);
    for (char &c : out)
        c = lexical::toLower(c);
    return out;
}

} // namespace

HostPort HostPort::from(const HostPortView &view)
{
    HostPort result{std::string(view.host), view.port};
    if (view.tripleColon) {
        const std::size_t triple = result.host.find(":::");
        result.host.erase(triple + 2, 1);
    }
    return result;
}

std::optional<HostPort> parseHostPort(std::string_view text)
{
    const auto view = HostPortView::parse(text);
    if (!view)
        return std::nullopt;
    return HostPort::from(*view);
}

Result<Uri> Uri::parse(std::string_view text)
{
    const auto view = UriView::parse(text);
    if (!view)
        return view.error();
    return from(*view);
}

Result<Uri> Uri::parseSip(std::string_view text)
{
    const auto view = UriView::parse(text);
    if (!view)
        return view.error();
    if (!view->isSip())
        return SyntaxError::UnsupportedUriScheme;
    return from(*view);
}

Uri Uri::from(const UriView &view)
{
    Uri uri;
    uri.scheme = toLower(view.scheme);
    uri.user = std::string(view.user);
    if (view.password)
        uri.password.emplace(*view.password);
    if (view.isSip())
        uri.host = HostPort::from(view.hostPort).host;
    uri.port = view.hostPort.port;
    uri.parameters = Parameters::from(view.parameters);
    uri.headers = std::string(view.headers);
    uri.number = std::string(view.number);
    uri.opaque = std::string(view.opaque);
    return uri;
}
std::string Uri::toString() const
{
    std::string out = scheme;
    out += ':';
    if (isTel()) {
        out += number;
        parameters.appendTo(out);
        return out;
    }
    if (isOpaque()) {
        out += opaque;
        return out;
    }
    if (!user.empty()) {
        out += user;
        if (password) {
            out += ':';
            out += *password;
        }
        out += '@';
    }
    out += hostForText();
    if (port) {
        out += ':';
        out += std::to_string(*port);
    }
    parameters.appendTo(out);
    if (!headers.empty()) {
        out += '?';
        out += headers;
    }
    return out;
}

std::string Uri::hostForText() const
{
    if (isIpv6())
        return '[' + host + ']';
    return host;
}

} // namespace sipcore
