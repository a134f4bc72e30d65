#include "sipcore/syntax/uriview.h"

#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

namespace sipcore {

namespace {

using namespace lexical;

// True when every octet is of \a classes (any of them), or an escape "%" HEX HEX.
bool isEscapedText(std::string_view text, std::uint16_t classes)
{
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size() || !is(text[i + 1], HexDigit) || !is(text[i + 2], HexDigit))
                return false;
            i += 2;
        } else if (!isAny(c, classes)) {
            return false;
        }
    }
    return true;
}

bool isIpv4(std::string_view text)
{
    int parts = 0;
    std::size_t i = 0;
    while (true) {
        const std::size_t digits = span(text, Digit, i);
        if (digits == 0 || digits > 3)
            return false;
        std::uint32_t value = 0;
        parseNumber(text.substr(i, digits), value);
        if (value > 255)
            return false;
        ++parts;
        i += digits;
        if (i == text.size())
            break;
        if (text[i] != '.' || parts == 4)
            return false;
        ++i;
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
        i += span(text, HexDigit, i);
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
    bool digitsAndDots = true;
    for (const char c : text)
        digitsAndDots = digitsAndDots && (is(c, Digit) || c == '.');
    if (digitsAndDots)
        return isIpv4(text);
    if (text.back() == '.')
        text.remove_suffix(1);
    std::size_t start = 0;
    while (true) {
        const std::size_t end = start + span(text, LabelChar, start);
        const std::string_view label = text.substr(start, end - start);
        if (label.empty() || label.front() == '-' || label.back() == '-')
            return false;
        if (end == text.size())
            return is(label.front(), Alpha); // toplabel
        if (text[end] != '.')
            return false;
        start = end + 1;
    }
}

// The IPv6 literal inside brackets: plain, or in RFC 3261's three-colon form (RFC 5118 §4.10)
// that stands for the two-colon one. Three colons anywhere else stay malformed.
bool readIpv6(std::string_view text, HostPortView &out)
{
    out.host = text;
    if (isIpv6(text))
        return true;
    const std::size_t triple = text.find(":::");
    if (triple == std::string_view::npos || triple > 35 || !isIpv4(text.substr(triple + 3)))
        return false;
    char repaired[64];
    if (text.size() >= sizeof repaired)
        return false;
    const std::string_view head = text.substr(0, triple + 2);
    const std::string_view tail = text.substr(triple + 3);
    head.copy(repaired, head.size());
    tail.copy(repaired + head.size(), tail.size());
    out.tripleColon = true;
    return isIpv6(std::string_view(repaired, head.size() + tail.size()));
}

// scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) (RFC 3261 §25.1)
bool isScheme(std::string_view text)
{
    if (text.empty() || !is(text.front(), Alpha))
        return false;
    for (const char c : text) {
        if (!is(c, Alpha) && !is(c, Digit) && c != '+' && c != '-' && c != '.')
            return false;
    }
    return true;
}

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
        if (global ? !is(c, Digit) : !(is(c, HexDigit) || c == '*' || c == '#'))
            return false;
        hasDigit = true;
    }
    return hasDigit;
}

// The phone-context descriptor of a local number (RFC 3966 §3): a domainname or
// global-number-digits.
bool isPhoneContext(std::string_view descriptor)
{
    if (descriptor.starts_with('+'))
        return isTelephoneNumber(descriptor.substr(1), true);
    return !isIpv4(descriptor) && isHostnameOrIpv4(descriptor);
}

// uri-parameters after the first ';': at least one, each well formed.
std::error_code readParameters(std::string_view text, UriView &uri)
{
    const auto parsed = ParametersView::parse(text, ParametersView::Syntax::Uri);
    if (!parsed)
        return limitOr(parsed.error(), SyntaxError::BadUri);
    if (text.empty())
        return SyntaxError::BadUri;
    uri.parameters = *parsed;
    return {};
}

// telephone-uri = "tel:" telephone-subscriber (RFC 3966 §3); text is what follows "tel:".
std::error_code parseTel(std::string_view text, UriView &uri)
{
    const std::size_t semicolon = lexical::find(text, ';');
    const std::string_view number = text.substr(0, semicolon);
    const bool global = number.starts_with('+');
    if (!isTelephoneNumber(global ? number.substr(1) : number, global))
        return SyntaxError::BadUri;
    uri.number = number;
    if (semicolon != std::string_view::npos) {
        // par = parameter / extension / isdn-subaddress with pname = 1*( alphanum / "-" ); the
        // values are read as paramchar, the characters of SIP URI parameters.
        if (const auto error = readParameters(text.substr(semicolon + 1), uri))
            return error;
        for (const auto parameter : uri.parameters) {
            for (const char c : parameter.name) {
                if (!is(c, Alpha) && !is(c, Digit) && c != '-')
                    return SyntaxError::BadUri;
            }
        }
    }
    // A local number is meaningless without its context (RFC 3966 §5.1.5).
    const auto context = uri.parameters.find("phone-context");
    if (context && (!context->value || !isPhoneContext(*context->value)))
        return SyntaxError::BadUri;
    if (!global && !context)
        return SyntaxError::BadUri;
    return {};
}

// SIP-URI / SIPS-URI after "scheme:" (RFC 3261 §19.1.1, §25.1):
//   [ user [ ":" password ] "@" ] hostport uri-parameters [ headers ]
std::error_code parseSipRest(std::string_view rest, UriView &uri)
{
    // '@' cannot appear unescaped after the userinfo, so the first one ends it; the user part
    // may contain ';' and '?' (RFC 4475 §3.1.1.9).
    const std::size_t at = lexical::find(rest, '@');
    if (at != std::string_view::npos) {
        const std::string_view userinfo = rest.substr(0, at);
        rest = rest.substr(at + 1);
        if (lexical::find(rest, '@') != std::string_view::npos)
            return SyntaxError::BadUri;
        const std::size_t passwordColon = lexical::find(userinfo, ':');
        const std::string_view user = userinfo.substr(0, passwordColon);
        if (user.empty() || !isEscapedText(user, Unreserved | UserChar))
            return SyntaxError::BadUri;
        uri.user = user;
        if (passwordColon != std::string_view::npos) {
            const std::string_view password = userinfo.substr(passwordColon + 1);
            if (!isEscapedText(password, Unreserved | PasswordChar))
                return SyntaxError::BadUri;
            uri.password = password;
        }
    }

    const std::size_t hostEnd = lexical::findAny(rest, ";?");
    const auto hostPort = HostPortView::parse(rest.substr(0, hostEnd));
    if (!hostPort)
        return SyntaxError::BadUri;
    uri.hostPort = *hostPort;
    rest = hostEnd == std::string_view::npos ? std::string_view() : rest.substr(hostEnd);

    if (rest.starts_with(';')) {
        const std::size_t question = lexical::find(rest, '?');
        const std::string_view params = rest.substr(
                1, question == std::string_view::npos ? std::string_view::npos : question - 1);
        if (const auto error = readParameters(params, uri))
            return error;
        rest = question == std::string_view::npos ? std::string_view() : rest.substr(question);
    }
    if (rest.starts_with('?')) {
        // headers = header *( "&" header ); header = hname "=" hvalue (RFC 3261 §25.1)
        const std::string_view headers = rest.substr(1);
        std::size_t start = 0;
        while (true) {
            const std::size_t amp = lexical::find(headers, '&', start);
            const std::string_view header = headers.substr(
                    start, amp == std::string_view::npos ? std::string_view::npos : amp - start);
            const std::size_t eq = lexical::find(header, '=');
            if (eq == std::string_view::npos || eq == 0
                || !isEscapedText(header.substr(0, eq), Unreserved | HeaderChar)
                || !isEscapedText(header.substr(eq + 1), Unreserved | HeaderChar))
                return SyntaxError::BadUri;
            if (amp == std::string_view::npos)
                break;
            start = amp + 1;
        }
        uri.headers = headers;
        rest = {};
    }
    if (!rest.empty())
        return SyntaxError::BadUri;
    return {};
}

} // namespace

std::optional<HostPortView> HostPortView::parse(std::string_view text)
{
    HostPortView result;
    std::string_view rest;
    if (text.starts_with('[')) {
        const std::size_t close = lexical::find(text, ']');
        if (close == std::string_view::npos || !readIpv6(text.substr(1, close - 1), result))
            return std::nullopt;
        rest = text.substr(close + 1);
    } else {
        const std::size_t colon = lexical::find(text, ':');
        result.host = text.substr(0, colon);
        if (!isHostnameOrIpv4(result.host))
            return std::nullopt;
        if (colon != std::string_view::npos)
            rest = text.substr(colon);
    }
    if (!rest.empty()) {
        std::uint32_t port = 0;
        if (rest.front() != ':' || rest.size() > 6 || !parseNumber(rest.substr(1), port, 65535)
            || port == 0)
            return std::nullopt;
        result.port = static_cast<std::uint16_t>(port);
    }
    return result;
}

Result<UriView> UriView::parse(std::string_view text)
{
    UriView out;
    if (const auto error = read(text, out))
        return error;
    return out;
}

std::error_code UriView::read(std::string_view text, UriView &out)
{
    const std::size_t colon = lexical::find(text, ':');
    if (colon == std::string_view::npos || !isScheme(text.substr(0, colon)))
        return SyntaxError::BadUri;
    UriView &uri = out;
    uri.text = text;
    uri.scheme = text.substr(0, colon);
    const std::string_view rest = text.substr(colon + 1);
    if (equalsIgnoreCase(uri.scheme, "sip") || equalsIgnoreCase(uri.scheme, "sips")) {
        uri.kind = uri.scheme.size() == 3 ? Kind::Sip : Kind::Sips;
        if (const auto error = parseSipRest(rest, uri))
            return error;
        return {};
    }
    if (equalsIgnoreCase(uri.scheme, "tel")) {
        uri.kind = Kind::Tel;
        if (const auto error = parseTel(rest, uri))
            return error;
        return {};
    }
    // absoluteURI = scheme ":" ( hier-part / opaque-part ) (RFC 3261 §25.1): one or more uric.
    // The brackets of an RFC 3986 IP-literal are let through.
    uri.kind = Kind::Other;
    if (rest.empty() || !isEscapedText(rest, Uric))
        return SyntaxError::BadUri;
    uri.opaque = rest;
    return {};
}

} // namespace sipcore
