#include "sipcore/syntax/uri.h"

#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/syntaxerror.h"

#include <algorithm>
#include <charconv>

namespace sipcore {

namespace {

bool isAlpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isAlphaNum(char c)
{
    return isAlpha(c) || isDigit(c);
}

bool isHexDigit(char c)
{
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// unreserved = alphanum / mark (RFC 3261 §25.1)
bool isUnreserved(char c)
{
    return isAlphaNum(c) || std::string_view("-_.!~*'()").find(c) != std::string_view::npos;
}

// True when every octet is unreserved, an escape "%" HEX HEX, or one of extra.
bool isEscapedText(std::string_view text, std::string_view extra)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size())
                return false;
            if (!isHexDigit(text[i + 1]) || !isHexDigit(text[i + 2]))
                return false;
            i += 2;
        } else if (!isUnreserved(c) && extra.find(c) == std::string_view::npos) {
            return false;
        }
    }
    return true;
}

std::optional<std::uint32_t> parseDigits(std::string_view text)
{
    if (text.empty() || !std::ranges::all_of(text, isDigit))
        return std::nullopt;
    std::uint32_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

bool isIpv4(std::string_view text)
{
    int parts = 0;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = text.find('.', start);
        const std::string_view part = text.substr(
                start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        const auto value = parseDigits(part);
        if (!value || part.size() > 3 || *value > 255)
            return false;
        ++parts;
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    return parts == 4;
}

// IPv6reference without the brackets (RFC 3261 §25.1, RFC 4291 §2.2 text forms).
bool isIpv6(std::string_view text)
{
    const std::size_t n = text.size();
    std::size_t i = 0;
    int groups = 0;
    bool compressed = false;
    if (text.starts_with("::")) {
        compressed = true;
        i = 2;
        if (i == n)
            return true;
    }
    while (true) {
        const std::size_t start = i;
        while (i < n && isHexDigit(text[i]))
            ++i;
        if (i < n && text[i] == '.') {
            // An embedded IPv4 address ends the literal and counts as two groups.
            if (!isIpv4(text.substr(start)))
                return false;
            groups += 2;
            break;
        }
        if (i == start || i - start > 4)
            return false;
        ++groups;
        if (i == n)
            break;
        if (text[i] != ':')
            return false;
        ++i;
        if (i < n && text[i] == ':') {
            if (compressed)
                return false;
            compressed = true;
            ++i;
            if (i == n)
                break;
        } else if (i == n) {
            return false;
        }
    }
    return compressed ? groups < 8 : groups == 8;
}

// hostname = *( domainlabel "." ) toplabel [ "." ], or an IPv4 literal.
bool isHostnameOrIpv4(std::string_view text)
{
    if (text.empty())
        return false;
    if (std::ranges::all_of(text, [](char c) { return isDigit(c) || c == '.'; }))
        return isIpv4(text);
    if (text.back() == '.')
        text.remove_suffix(1);
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = text.find('.', start);
        const std::string_view label = text.substr(
                start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
        if (label.empty() || !isAlphaNum(label.front()) || !isAlphaNum(label.back())
            || !std::ranges::all_of(label, [](char c) { return isAlphaNum(c) || c == '-'; }))
            return false;
        if (dot == std::string_view::npos)
            return isAlpha(label.front()); // toplabel
        start = dot + 1;
    }
}

std::string toLower(std::string_view text)
{
    std::string out(text);
    for (char &c : out) {
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

bool isValidUriHeaders(std::string_view headers)
{
    // headers = header *( "&" header ); header = hname "=" hvalue (RFC 3261 §25.1)
    constexpr std::string_view hnvUnreserved = "[]/?:+$";
    std::size_t start = 0;
    while (true) {
        const std::size_t amp = headers.find('&', start);
        const std::string_view header = headers.substr(
                start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
        const std::size_t eq = header.find('=');
        if (eq == std::string_view::npos || eq == 0
            || !isEscapedText(header.substr(0, eq), hnvUnreserved)
            || !isEscapedText(header.substr(eq + 1), hnvUnreserved))
            return false;
        if (amp == std::string_view::npos)
            return true;
        start = amp + 1;
    }
}

} // namespace

std::optional<HostPort> parseHostPort(std::string_view text)
{
    HostPort result;
    std::string_view rest;
    if (text.starts_with('[')) {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos || !isIpv6(text.substr(1, close - 1)))
            return std::nullopt;
        result.host = std::string(text.substr(1, close - 1));
        rest = text.substr(close + 1);
    } else {
        const std::size_t colon = text.find(':');
        const std::string_view host = text.substr(0, colon);
        if (!isHostnameOrIpv4(host))
            return std::nullopt;
        result.host = std::string(host);
        if (colon != std::string_view::npos)
            rest = text.substr(colon);
    }
    if (!rest.empty()) {
        if (rest.front() != ':')
            return std::nullopt;
        const std::string_view digits = rest.substr(1);
        const auto port = parseDigits(digits);
        if (!port || digits.size() > 5 || *port == 0 || *port > 65535)
            return std::nullopt;
        result.port = static_cast<std::uint16_t>(*port);
    }
    return result;
}

Result<Uri> Uri::parse(std::string_view text)
{
    // SIP-URI / SIPS-URI (RFC 3261 §19.1.1, §25.1):
    //   scheme ":" [ user [ ":" password ] "@" ] hostport uri-parameters [ headers ]
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos || colon == 0 || !isAlpha(text.front()))
        return SyntaxError::BadUri;
    const std::string_view scheme = text.substr(0, colon);
    if (!std::ranges::all_of(
                scheme, [](char c) { return isAlphaNum(c) || c == '+' || c == '-' || c == '.'; }))
        return SyntaxError::BadUri;
    if (!equalsIgnoreCase(scheme, "sip") && !equalsIgnoreCase(scheme, "sips"))
        return SyntaxError::UnsupportedUriScheme;

    Uri uri;
    uri.scheme = toLower(scheme);
    std::string_view rest = text.substr(colon + 1);

    // '@' cannot appear unescaped after the userinfo, so the first one ends it; the user part
    // may contain ';' and '?' (RFC 4475 §3.1.1.9).
    const std::size_t at = rest.find('@');
    if (at != std::string_view::npos) {
        const std::string_view userinfo = rest.substr(0, at);
        rest = rest.substr(at + 1);
        if (rest.find('@') != std::string_view::npos)
            return SyntaxError::BadUri;
        const std::size_t passwordColon = userinfo.find(':');
        const std::string_view user = userinfo.substr(0, passwordColon);
        if (user.empty() || !isEscapedText(user, "&=+$,;?/"))
            return SyntaxError::BadUri;
        uri.user = std::string(user);
        if (passwordColon != std::string_view::npos) {
            const std::string_view password = userinfo.substr(passwordColon + 1);
            if (!isEscapedText(password, "&=+$,"))
                return SyntaxError::BadUri;
            uri.password = std::string(password);
        }
    }

    const std::size_t hostEnd = rest.find_first_of(";?");
    auto hostPort = parseHostPort(rest.substr(0, hostEnd));
    if (!hostPort)
        return SyntaxError::BadUri;
    uri.host = std::move(hostPort->host);
    uri.port = hostPort->port;
    rest = hostEnd == std::string_view::npos ? std::string_view() : rest.substr(hostEnd);

    if (rest.starts_with(';')) {
        const std::size_t question = rest.find('?');
        const std::string_view params = rest.substr(
                1, question == std::string_view::npos ? std::string_view::npos : question - 1);
        // paramchar plus the separators; Parameters checks the structure.
        if (params.empty() || !isEscapedText(params, "[]/:&+$;=") || !uri.parameters.parse(params))
            return SyntaxError::BadUri;
        rest = question == std::string_view::npos ? std::string_view() : rest.substr(question);
    }
    if (rest.starts_with('?')) {
        const std::string_view headers = rest.substr(1);
        if (!isValidUriHeaders(headers))
            return SyntaxError::BadUri;
        uri.headers = std::string(headers);
        rest = {};
    }
    if (!rest.empty())
        return SyntaxError::BadUri;
    return uri;
}

std::string Uri::toString() const
{
    std::string out = scheme;
    out += ':';
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
