#include "sipcore/syntax/uriview.h"

#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

#include <algorithm>
#include <bit>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sipcore {

namespace {

using namespace lexical;

bool isIpv4(std::string_view text)
{
    // Four groups of one to three digits, each at most 255, joined by dots: read in one pass.
    int dots = 0;
    int digits = 0;
    std::uint32_t value = 0;
    for (const char c : text) {
        if (isDigit(c)) {
            if (++digits > 3)
                return false;
            value = value * 10 + static_cast<std::uint32_t>(c - '0');
        } else if (c == '.') {
            if (digits == 0 || value > 255 || ++dots > 3)
                return false;
            digits = 0;
            value = 0;
        } else {
            return false;
        }
    }
    return dots == 3 && digits != 0 && value <= 255;
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

// Reads the hostname or IPv4 literal that \a text starts with, in one pass: returns the index
// of the first octet that is neither alphanum, '-' nor '.' (text.size() when there is none),
// and sets \a valid when the octets before it are a hostname
// (*( domainlabel "." ) toplabel [ "." ], labels not starting or ending with '-', the toplabel
// starting with a letter) or, when they are only digits and dots, an IPv4 literal.
std::size_t scanHostnameOctets(std::string_view text, bool &valid)
{
    std::size_t i = 0;
    std::size_t labelStart = 0;    // where the label being read starts
    std::size_t previousStart = 0; // where the label before it starts
    bool labelsValid = true;       // every label so far is non-empty and has no '-' at its ends
    bool digitsAndDots = true;
    for (; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '.') {
            labelsValid = labelsValid && i != labelStart && text[i - 1] != '-';
            previousStart = labelStart;
            labelStart = i + 1;
        } else if (is(c, LabelChar)) {
            digitsAndDots = digitsAndDots && isDigit(c);
            labelsValid = labelsValid && (i != labelStart || c != '-');
        } else {
            break;
        }
    }
    if (i == 0) {
        valid = false;
    } else if (digitsAndDots) {
        valid = isIpv4(text.substr(0, i));
    } else if (text[i - 1] == '.') {
        valid = labelsValid && is(text[previousStart], Alpha); // one trailing dot is allowed
    } else {
        valid = labelsValid && text[i - 1] != '-' && is(text[labelStart], Alpha);
    }
    return i;
}

// The octets of a hostname or IPv4 literal as bit masks, one bit per octet (bit i for text[i]):
// what scanHostname() checks one octet at a time, checked a word at a time.
struct HostMasks
{
    std::uint64_t letters = 0;
    std::uint64_t digits = 0;
    std::uint64_t hyphens = 0;
    std::uint64_t dots = 0;
};

// The masks of the first min(text.size(), 64) octets, or of fewer: they may stop after the
// first octet that is none of those (a host's end).
HostMasks hostMasks(std::string_view text)
{
    HostMasks masks;
    const std::size_t size = std::min<std::size_t>(text.size(), 64);
    std::size_t i = 0;
#if defined(__SSE2__)
    const __m128i caseBit = _mm_set1_epi8(0x20);
    for (; i + 16 <= size; i += 16) {
        const __m128i octets = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text.data() + i));
        // Signed compares: octets above 0x7F are negative, so outside every range.
        const __m128i folded = _mm_or_si128(octets, caseBit);
        const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(folded, _mm_set1_epi8('a' - 1)),
                                             _mm_cmplt_epi8(folded, _mm_set1_epi8('z' + 1)));
        const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(octets, _mm_set1_epi8('0' - 1)),
                                            _mm_cmplt_epi8(octets, _mm_set1_epi8('9' + 1)));
        const auto bits = [](__m128i lanes) {
            return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(lanes)));
        };
        masks.letters |= bits(letter) << i;
        masks.digits |= bits(digit) << i;
        const __m128i hyphen = _mm_cmpeq_epi8(octets, _mm_set1_epi8('-'));
        const __m128i dot = _mm_cmpeq_epi8(octets, _mm_set1_epi8('.'));
        masks.hyphens |= bits(hyphen) << i;
        masks.dots |= bits(dot) << i;
        const __m128i host = _mm_or_si128(_mm_or_si128(letter, digit), _mm_or_si128(hyphen, dot));
        if (_mm_movemask_epi8(host) != 0xffff)
            return masks; // the host ends in this block
    }
#endif
    for (; i < size; ++i) {
        const char c = text[i];
        const std::uint64_t bit = std::uint64_t(1) << i;
        if (is(c, Alpha))
            masks.letters |= bit;
        else if (is(c, Digit))
            masks.digits |= bit;
        else if (c == '-')
            masks.hyphens |= bit;
        else if (c == '.')
            masks.dots |= bit;
        else
            break;
    }
    return masks;
}

// As scanHostnameOctets(), from the masks when the hostname ends within 64 octets.
std::size_t scanHostname(std::string_view text, bool &valid)
{
    const HostMasks masks = hostMasks(text);
    const std::uint64_t hostOctets = masks.letters | masks.digits | masks.hyphens | masks.dots;
    const auto end = static_cast<std::size_t>(std::countr_one(hostOctets));
    if (end == 64 && text.size() > 64)
        return scanHostnameOctets(text, valid); // longer than the masks cover
    if (end == 0) {
        valid = false;
        return 0;
    }
    const std::uint64_t inHost = end == 64 ? ~std::uint64_t(0) : (std::uint64_t(1) << end) - 1;
    const std::uint64_t letters = masks.letters & inHost;
    const std::uint64_t hyphens = masks.hyphens & inHost;
    std::uint64_t dots = masks.dots & inHost;
    if ((letters | hyphens) == 0) {
        valid = isIpv4(text.substr(0, end));
        return end;
    }
    // One trailing dot is allowed; the labels end before it.
    std::size_t size = end;
    if ((dots >> (size - 1) & 1) != 0)
        dots &= ~(std::uint64_t(1) << --size);
    const std::uint64_t last = std::uint64_t(1) << (size - 1);
    const bool emptyLabel = (dots & 1) != 0 || (dots & last) != 0 || (dots & (dots << 1)) != 0;
    const bool hyphenAtEdge = (hyphens & 1) != 0 || (hyphens & last) != 0
                              || (hyphens & (dots << 1)) != 0 || (hyphens & (dots >> 1)) != 0;
    const auto top = static_cast<std::size_t>(dots == 0 ? 0 : 64 - std::countl_zero(dots));
    valid = !emptyLabel && !hyphenAtEdge && top < size && (letters >> top & 1) != 0;
    return end;
}

// hostname = *( domainlabel "." ) toplabel [ "." ], or an IPv4 literal.
bool isHostnameOrIpv4(std::string_view text)
{
    bool valid = false;
    return scanHostname(text, valid) == text.size() && valid;
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

// ":" port after the host, when \a rest is not empty: digits only, 1-65535.
bool readPort(std::string_view rest, HostPortView &out)
{
    if (rest.empty())
        return true;
    std::uint32_t port = 0;
    if (rest.front() != ':' || rest.size() > 6 || !parseNumber(rest.substr(1), port, 65535)
        || port == 0)
        return false;
    out.port = static_cast<std::uint16_t>(port);
    return true;
}

// Reads the "host[:port]" that \a text starts with, which ends at its first ';' or '?' or at
// the end of text (\a end receives that index): a hostname, an IPv4 literal or a bracketed
// IPv6 literal, and a port. False when it is malformed.
bool readHostPort(std::string_view text, HostPortView &out, std::size_t &end)
{
    // The first ';' or '?' at or after \a from, or text.size().
    const auto endFrom = [text](std::size_t from) {
        return std::min(lexical::findAny(text, ";?", from), text.size());
    };
    std::size_t hostEnd = 0;
    if (text.starts_with('[')) {
        end = endFrom(0);
        const std::string_view hostPort = text.substr(0, end);
        const std::size_t close = lexical::find(hostPort, ']');
        if (close == std::string_view::npos || !readIpv6(hostPort.substr(1, close - 1), out))
            return false;
        hostEnd = close + 1;
    } else {
        // The host ends at the first octet a hostname cannot hold, which must be the port's
        // colon or the end.
        bool valid = false;
        hostEnd = scanHostname(text, valid);
        out.host = text.substr(0, hostEnd);
        end = hostEnd;
        if (hostEnd < text.size() && text[hostEnd] == ':')
            end = endFrom(hostEnd);
        else if (hostEnd < text.size() && text[hostEnd] != ';' && text[hostEnd] != '?')
            return false;
        if (!valid)
            return false;
    }
    return readPort(text.substr(hostEnd, end - hostEnd), out);
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
    return NoError;
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
    return NoError;
}

// SIP-URI / SIPS-URI after "scheme:" (RFC 3261 §19.1.1, §25.1):
//   [ user [ ":" password ] "@" ] hostport uri-parameters [ headers ]
std::error_code parseSipRest(std::string_view rest, UriView &uri)
{
    // '@' cannot appear unescaped after the userinfo, so the first one ends it; the user part
    // may contain ';' and '?' (RFC 4475 §3.1.1.9). The user and password are read up to the
    // first octet they cannot hold: when that is the '@', they are the userinfo; when an '@'
    // follows elsewhere, the userinfo is malformed; without an '@' there is none.
    const std::size_t userEnd = skipEscaped(rest, 0, UserChar);
    std::size_t at = std::string_view::npos;
    std::size_t invalidFrom = userEnd; // where an '@' makes the userinfo malformed
    if (userEnd < rest.size() && rest[userEnd] == '@') {
        at = userEnd;
    } else if (userEnd < rest.size() && rest[userEnd] == ':') {
        invalidFrom = skipEscaped(rest, userEnd + 1, PasswordChar);
        if (invalidFrom < rest.size() && rest[invalidFrom] == '@')
            at = invalidFrom;
    }
    if (at == std::string_view::npos) {
        if (lexical::find(rest, '@', invalidFrom) != std::string_view::npos)
            return SyntaxError::BadUri;
    } else {
        if (userEnd == 0)
            return SyntaxError::BadUri;
        uri.user = rest.substr(0, userEnd);
        if (at != userEnd)
            uri.password = rest.substr(userEnd + 1, at - userEnd - 1);
        rest = rest.substr(at + 1);
    }
    // A second '@' cannot pass the host, parameter and header checks below, which all give
    // BadUri; only a parameter limit error is reported after looking for it.
    const auto secondAt = [&] {
        return at != std::string_view::npos && lexical::find(rest, '@') != std::string_view::npos;
    };

    std::size_t hostEnd = 0;
    if (!readHostPort(rest, uri.hostPort, hostEnd))
        return SyntaxError::BadUri;
    rest = rest.substr(hostEnd);

    if (rest.starts_with(';')) {
        const std::size_t question = lexical::find(rest, '?');
        const std::string_view params = rest.substr(
                1, question == std::string_view::npos ? std::string_view::npos : question - 1);
        if (const auto error = readParameters(params, uri))
            return secondAt() ? std::error_code(SyntaxError::BadUri) : error;
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
                || !isEscapedText(header.substr(0, eq), HeaderChar)
                || !isEscapedText(header.substr(eq + 1), HeaderChar))
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
    return NoError;
}

} // namespace

std::optional<HostPortView> HostPortView::parse(std::string_view text)
{
    HostPortView result;
    std::size_t end = 0;
    if (!readHostPort(text, result, end) || end != text.size())
        return std::nullopt;
    return result;
}

std::size_t HostPortView::readHostname(std::string_view text, HostPortView &out)
{
    bool valid = false;
    const std::size_t end = scanHostname(text, valid);
    if (!valid)
        return std::string_view::npos;
    out.host = text.substr(0, end);
    return end;
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
    // "sip:", in any case, as nearly every URI starts, skips the scheme checks. The case bit set
    // on a letter gives its small form, and no other octet's.
    const bool sip = text.size() >= 4 && (text[0] | 0x20) == 's' && (text[1] | 0x20) == 'i'
                     && (text[2] | 0x20) == 'p' && text[3] == ':';
    const std::size_t colon = sip ? 3 : lexical::find(text, ':');
    if (!sip && (colon == std::string_view::npos || !isScheme(text.substr(0, colon))))
        return SyntaxError::BadUri;
    UriView &uri = out;
    uri.text = text;
    uri.scheme = text.substr(0, colon);
    const std::string_view rest = text.substr(colon + 1);
    if (sip || equalsIgnoreCase(uri.scheme, "sips")) {
        uri.kind = sip ? Kind::Sip : Kind::Sips;
        if (const auto error = parseSipRest(rest, uri))
            return error;
        return NoError;
    }
    if (equalsIgnoreCase(uri.scheme, "tel")) {
        uri.kind = Kind::Tel;
        if (const auto error = parseTel(rest, uri))
            return error;
        return NoError;
    }
    // absoluteURI = scheme ":" ( hier-part / opaque-part ) (RFC 3261 §25.1): one or more uric.
    // The brackets of an RFC 3986 IP-literal are let through.
    uri.kind = Kind::Other;
    if (rest.empty() || !isEscapedText(rest, Uric))
        return SyntaxError::BadUri;
    uri.opaque = rest;
    return NoError;
}

} // namespace sipcore
