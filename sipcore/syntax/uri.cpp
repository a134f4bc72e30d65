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

// The IPv6 literal inside brackets, or nullopt. RFC 3261's IPv6reference ABNF (hexpart ":"
// IPv4address, with hexpart ending in "::") admits "2001:db8:::192.0.2.1", which RFC 4291 does
// not; RFC 5118 §4.10 asks receivers to accept both, so that one form is read as its two-colon
// equivalent. Three colons anywhere else stay malformed.
std::optional<std::string> ipv6Literal(std::string_view text)
{
    if (isIpv6(text))
        return std::string(text);
    const std::size_t triple = text.find(":::");
    if (triple == std::string_view::npos || !isIpv4(text.substr(triple + 3)))
        return std::nullopt;
    std::string repaired(text.substr(0, triple + 2));
    repaired += text.substr(triple + 3);
    if (!isIpv6(repaired))
        return std::nullopt;
    return repaired;
}

// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3261 §25.1)
bool isScheme(std::string_view text)
{
    return !text.empty() && isAlpha(text.front()) && std::ranges::all_of(text, [](char c) {
        return isAlphaNum(c) || c == '+' || c == '-' || c == '.';
    });
}

/// "scheme:rest" split at the first colon; nullopt when there is none or the scheme is not
/// an RFC 3986 scheme.
std::optional<std::pair<std::string_view, std::string_view>> splitScheme(std::string_view text)
{
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos || !isScheme(text.substr(0, colon)))
        return std::nullopt;
    return std::pair{text.substr(0, colon), text.substr(colon + 1)};
}

// phonedigit-hex without the visual separators, and the separators (RFC 3966 §3).
bool isVisualSeparator(char c)
{
    return c == '-' || c == '.' || c == '(' || c == ')';
}

// telephone-subscriber's number: global-number-digits = "+" *phonedigit DIGIT *phonedigit, or
// local-number-digits = *phonedigit-hex (HEXDIG / "*" / "#") *phonedigit-hex (RFC 3966 §3).
bool isTelephoneNumber(std::string_view number, bool global)
{
    bool hasDigit = false;
    for (const char c : number) {
        if (isVisualSeparator(c))
            continue;
        if (global ? !isDigit(c) : !(isHexDigit(c) || c == '*' || c == '#'))
            return false;
        hasDigit = true;
    }
    return hasDigit;
}

// domainname = *( domainlabel "." ) toplabel [ "." ], the phone-context descriptor of a local
// number (RFC 3966 §3); the other descriptor form is global-number-digits.
bool isPhoneContext(std::string_view descriptor)
{
    if (descriptor.starts_with('+'))
        return isTelephoneNumber(descriptor.substr(1), true);
    return !isIpv4(descriptor) && isHostnameOrIpv4(descriptor);
}

// telephone-uri = "tel:" telephone-subscriber (RFC 3966 §3); text is what follows "tel:".
std::error_code parseTel(std::string_view text, Uri &uri)
{
    const std::size_t semicolon = text.find(';');
    const std::string_view number = text.substr(0, semicolon);
    const bool global = number.starts_with('+');
    if (!isTelephoneNumber(global ? number.substr(1) : number, global))
        return SyntaxError::BadUri;
    uri.number = std::string(number);
    if (semicolon != std::string_view::npos) {
        // par = parameter / extension / isdn-subaddress with pname = 1*( alphanum / "-" ); the
        // values are read as paramchar, the characters of SIP URI parameters (an isub value
        // using uric's '?', '@' or ',' is refused).
        const std::string_view params = text.substr(semicolon + 1);
        if (params.empty() || !isEscapedText(params, "[]/:&+$;=") || !uri.parameters.parse(params))
            return SyntaxError::BadUri;
        for (const Parameters::Parameter &p : uri.parameters.items()) {
            if (!std::ranges::all_of(p.name, [](char c) { return isAlphaNum(c) || c == '-'; }))
                return SyntaxError::BadUri;
        }
    }
    // A local number is meaningless without its context (RFC 3966 §5.1.5).
    const auto context = uri.parameters.get("phone-context");
    if (uri.parameters.has("phone-context") && (!context || !isPhoneContext(*context)))
        return SyntaxError::BadUri;
    if (!global && !context)
        return SyntaxError::BadUri;
    return {};
}

// absoluteURI = scheme ":" ( hier-part / opaque-part ) (RFC 3261 §25.1): one or more uric
// (reserved / unreserved / escaped). The brackets of an RFC 3986 IP-literal are let through.
bool isOpaquePart(std::string_view text)
{
    return !text.empty() && isEscapedText(text, ";/?:@&=+$,[]");
}

} // namespace

std::optional<HostPort> parseHostPort(std::string_view text)
{
    HostPort result;
    std::string_view rest;
    if (text.starts_with('[')) {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos)
            return std::nullopt;
        auto host = ipv6Literal(text.substr(1, close - 1));
        if (!host)
            return std::nullopt;
        result.host = std::move(*host);
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
    const auto split = splitScheme(text);
    if (!split)
        return SyntaxError::BadUri;
    const auto [scheme, rest] = *split;
    if (equalsIgnoreCase(scheme, "sip") || equalsIgnoreCase(scheme, "sips"))
        return parseSip(text);

    Uri uri;
    uri.scheme = toLower(scheme);
    if (uri.scheme == "tel") {
        if (const auto error = parseTel(rest, uri))
            return error;
        return uri;
    }
    if (!isOpaquePart(rest))
        return SyntaxError::BadUri;
    uri.opaque = std::string(rest);
    return uri;
}

Result<Uri> Uri::parseSip(std::string_view text)
{
    // SIP-URI / SIPS-URI (RFC 3261 §19.1.1, §25.1):
    //   scheme ":" [ user [ ":" password ] "@" ] hostport uri-parameters [ headers ]
    const auto split = splitScheme(text);
    if (!split)
        return SyntaxError::BadUri;
    const std::string_view scheme = split->first;
    if (!equalsIgnoreCase(scheme, "sip") && !equalsIgnoreCase(scheme, "sips")) {
        // Another scheme: unsupported when well formed, malformed otherwise.
        auto other = parse(text);
        if (!other)
            return other.error();
        return SyntaxError::UnsupportedUriScheme;
    }

    Uri uri;
    uri.scheme = toLower(scheme);
    std::string_view rest = split->second;

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
