#include "sipcore/syntax/uriequivalence.h"

#include "sipcore/syntax/headernames.h"

#include <boost/asio/ip/address.hpp>

#include <algorithm>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipcore {

namespace {

char toLowerAscii(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowered(std::string_view text)
{
    std::string out(text);
    std::ranges::transform(out, out.begin(), toLowerAscii);
    return out;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// reserved = ";" / "/" / "?" / ":" / "@" / "&" / "=" / "+" / "$" / "," (RFC 3261 §25.1, the
// set of RFC 2396 §2.2 that §19.1.4 refers to).
bool isReserved(char c)
{
    return std::string_view(";/?:@&=+$,").find(c) != std::string_view::npos;
}

// RFC 3261 §19.1.4: "Characters other than those in the reserved set are equivalent to their
// "%" HEX HEX encoding." The text with every escape of such a character decoded and every other
// escape written with uppercase hex, so texts equal under that rule become equal strings. An
// escaped '%' stays escaped too: decoded, "%2561" would read as "%61", which is "a".
std::string normalizeEscapes(std::string_view text)
{
    static constexpr char hexDigits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const int high = (c == '%' && i + 2 < text.size()) ? hexValue(text[i + 1]) : -1;
        const int low = high >= 0 ? hexValue(text[i + 2]) : -1;
        if (low < 0) {
            out += c; // not an escape (the parser refuses a stray '%'; a built Uri may hold one)
            continue;
        }
        const char decoded = static_cast<char>(high * 16 + low);
        if (isReserved(decoded) || decoded == '%') {
            out += '%';
            out += hexDigits[high];
            out += hexDigits[low];
        } else {
            out += decoded;
        }
        i += 2;
    }
    return out;
}

// The address an IP literal denotes, or nullopt for a hostname. RFC 3261's IPv4address admits
// leading zeros ("192.000.002.004"), which inet_pton, and so Asio, refuses: they are dropped
// from the dotted-quad part first (the whole of an IPv4 literal, the tail of an IPv6 one).
std::optional<boost::asio::ip::address> ipAddress(std::string_view host)
{
    const std::size_t lastColon = host.rfind(':');
    const std::size_t quadStart = lastColon == std::string_view::npos ? 0 : lastColon + 1;
    std::string text(host.substr(0, quadStart));
    const std::string_view quad = host.substr(quadStart);
    if (quad.find('.') == std::string_view::npos) {
        text += quad;
    } else {
        bool partStart = true;
        for (std::size_t i = 0; i < quad.size(); ++i) {
            const bool lastOfPart = i + 1 == quad.size() || quad[i + 1] == '.';
            if (partStart && quad[i] == '0' && !lastOfPart)
                continue;
            text += quad[i];
            partStart = quad[i] == '.';
        }
    }
    boost::system::error_code error;
    const boost::asio::ip::address address = boost::asio::ip::make_address(text, error);
    if (error)
        return std::nullopt;
    return address;
}

// Hosts compare case-insensitively (RFC 3261 §19.1.4); IP literals match when they denote the
// same address, however written (RFC 5954 §4). A hostname never matches an address.
bool sameHost(std::string_view a, std::string_view b)
{
    if (equalsIgnoreCase(a, b))
        return true;
    const auto x = ipAddress(a);
    const auto y = ipAddress(b);
    return x && y && *x == *y;
}

std::string_view withoutBrackets(std::string_view host)
{
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        return host.substr(1, host.size() - 2);
    return host;
}

bool isVisualSeparator(char c)
{
    return c == '-' || c == '.' || c == '(' || c == ')';
}

std::string withoutVisualSeparators(std::string_view text)
{
    std::string out;
    std::ranges::copy_if(text, std::back_inserter(out),
                         [](char c) { return !isVisualSeparator(c); });
    return out;
}

/// A uri-parameter or tel parameter with escapes normalised and case folded: every value
/// comparison these rules make is case-insensitive (RFC 3261 §19.1.4, RFC 3966 §4).
struct NormalizedParameter
{
    std::string name;
    std::optional<std::string> value;
};

using NormalizedParameters = std::vector<NormalizedParameter>;

// A name written twice keeps its first value, as Parameters::get() reads it (RFC 3261 §19.1.1
// forbids the repetition).
NormalizedParameters normalizedParameters(const Parameters &parameters)
{
    NormalizedParameters out;
    for (const Parameters::Parameter &p : parameters.items()) {
        std::string name = lowered(normalizeEscapes(p.name));
        if (std::ranges::any_of(out, [&](const NormalizedParameter &n) { return n.name == name; }))
            continue;
        std::optional<std::string> value;
        if (p.value)
            value = lowered(normalizeEscapes(*p.value));
        out.push_back({std::move(name), std::move(value)});
    }
    return out;
}

const NormalizedParameter *find(const NormalizedParameters &parameters, std::string_view name)
{
    const auto it = std::ranges::find(parameters, name, &NormalizedParameter::name);
    return it == parameters.end() ? nullptr : &*it;
}

// The uri-parameters that make two URIs differ when only one has them, even with the default
// value (RFC 3261 §19.1.4); any other one-sided parameter is ignored.
bool isComparedWhenAbsent(std::string_view name)
{
    return name == "transport" || name == "user" || name == "ttl" || name == "method"
           || name == "maddr";
}

// Both parameters have the same (normalised) name.
bool sameSipParameterValue(const NormalizedParameter &x, const NormalizedParameter &y)
{
    if (!x.value || !y.value)
        return x.value.has_value() == y.value.has_value(); // a flag only matches a flag
    if (x.name == "maddr")
        return sameHost(withoutBrackets(*x.value), withoutBrackets(*y.value));
    return *x.value == *y.value;
}

bool sameSipParameters(const Parameters &a, const Parameters &b)
{
    const NormalizedParameters x = normalizedParameters(a);
    const NormalizedParameters y = normalizedParameters(b);
    const auto matchedIn = [](const NormalizedParameters &from, const NormalizedParameters &in) {
        return std::ranges::all_of(from, [&](const NormalizedParameter &p) {
            const NormalizedParameter *other = find(in, p.name);
            return other ? sameSipParameterValue(p, *other) : !isComparedWhenAbsent(p.name);
        });
    };
    return matchedIn(x, y) && matchedIn(y, x);
}

struct NormalizedHeader
{
    std::string name; // long form, lowercase
    std::string value;
    bool operator==(const NormalizedHeader &) const = default;
};

// headers = header *( "&" header ), header = hname "=" hvalue (RFC 3261 §25.1). The separators
// are the unescaped '&' and '='; escaped ones stay part of a name or value. Sorted by name,
// keeping the order of repeated names, which is significant (RFC 3261 §7.3.1).
std::vector<NormalizedHeader> normalizedHeaders(std::string_view headers)
{
    std::vector<NormalizedHeader> out;
    std::size_t start = 0;
    while (start < headers.size()) {
        std::size_t end = headers.find('&', start);
        if (end == std::string_view::npos)
            end = headers.size();
        const std::string_view header = headers.substr(start, end - start);
        const std::size_t equals = header.find('=');
        const std::string name = normalizeEscapes(header.substr(0, equals));
        const std::string_view value
                = equals == std::string_view::npos ? std::string_view() : header.substr(equals + 1);
        out.push_back({lowered(expandCompactHeaderName(name)), normalizeEscapes(value)});
        start = end + 1;
    }
    std::ranges::stable_sort(out, {}, &NormalizedHeader::name);
    return out;
}

// RFC 3261 §19.1.4 (the callers have checked the schemes).
bool sameSipUri(const Uri &a, const Uri &b)
{
    // userinfo compares case-sensitively, every other component case-insensitively.
    if (normalizeEscapes(a.user) != normalizeEscapes(b.user))
        return false;
    if (a.password.has_value() != b.password.has_value())
        return false;
    if (a.password && normalizeEscapes(*a.password) != normalizeEscapes(*b.password))
        return false;
    // An omitted port does not match an explicit 5060: SRV may pick another.
    return sameHost(a.host, b.host) && a.port == b.port
           && sameSipParameters(a.parameters, b.parameters)
           && normalizedHeaders(a.headers) == normalizedHeaders(b.headers);
}

// The form a tel parameter value compares in: ext and a global-number phone-context digit by
// digit without visual separators, any other value as it is (RFC 3966 §4).
std::string telComparisonValue(const NormalizedParameter &p)
{
    if (!p.value)
        return {};
    if (p.name == "ext" || (p.name == "phone-context" && p.value->starts_with('+')))
        return withoutVisualSeparators(*p.value);
    return *p.value;
}

// RFC 3966 §4. Every comparison is case-insensitive, which matters for the hex digits of a
// local number, the phone-context domain and the other parameter values.
bool sameTelUri(const Uri &a, const Uri &b)
{
    // The '+' is kept, so a global number never matches a local one.
    if (lowered(withoutVisualSeparators(a.number)) != lowered(withoutVisualSeparators(b.number)))
        return false;
    // A parameter in only one URI makes them differ, so the name sets must be the same.
    const NormalizedParameters x = normalizedParameters(a.parameters);
    const NormalizedParameters y = normalizedParameters(b.parameters);
    if (x.size() != y.size())
        return false;
    return std::ranges::all_of(x, [&](const NormalizedParameter &p) {
        const NormalizedParameter *other = find(y, p.name);
        return other && p.value.has_value() == other->value.has_value()
               && telComparisonValue(p) == telComparisonValue(*other);
    });
}

} // namespace

bool equivalent(const Uri &a, const Uri &b)
{
    if (!equalsIgnoreCase(a.scheme, b.scheme))
        return false; // in particular, sip and sips never match
    const std::string scheme = lowered(a.scheme);
    if (scheme == "sip" || scheme == "sips")
        return sameSipUri(a, b);
    if (scheme == "tel")
        return sameTelUri(a, b);
    return a.opaque == b.opaque;
}

} // namespace sipcore
