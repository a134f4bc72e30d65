#include "sipcore/syntax/headernames.h"

#include "sipcore/syntax/lexical.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace sipcore {

namespace {

using lexical::toLower;

constexpr std::array<std::string_view, static_cast<std::size_t>(HeaderId::Count)> Names = {
        "",
        "Accept",
        "Accept-Contact",
        "Accept-Encoding",
        "Accept-Language",
        "Alert-Info",
        "Allow",
        "Allow-Events",
        "Authentication-Info",
        "Authorization",
        "Call-ID",
        "Call-Info",
        "Contact",
        "Content-Disposition",
        "Content-Encoding",
        "Content-Language",
        "Content-Length",
        "Content-Type",
        "CSeq",
        "Date",
        "Error-Info",
        "Event",
        "Expires",
        "From",
        "Identity",
        "In-Reply-To",
        "Max-Forwards",
        "MIME-Version",
        "Min-Expires",
        "Min-SE",
        "Organization",
        "P-Asserted-Identity",
        "P-Preferred-Identity",
        "Priority",
        "Proxy-Authenticate",
        "Proxy-Authorization",
        "Proxy-Require",
        "RAck",
        "Reason",
        "Record-Route",
        "Referred-By",
        "Refer-To",
        "Reject-Contact",
        "Replaces",
        "Reply-To",
        "Request-Disposition",
        "Require",
        "Retry-After",
        "Route",
        "RSeq",
        "Server",
        "Session-Expires",
        "Subject",
        "Subscription-State",
        "Supported",
        "Timestamp",
        "To",
        "Unsupported",
        "User-Agent",
        "Via",
        "Warning",
        "WWW-Authenticate",
};

// RFC 3261 §7.3.3 and the compact forms registered with IANA since.
HeaderId compactId(char c)
{
    switch (toLower(c)) {
    case 'a':
        return HeaderId::AcceptContact; // RFC 3841
    case 'b':
        return HeaderId::ReferredBy; // RFC 3892
    case 'c':
        return HeaderId::ContentType;
    case 'd':
        return HeaderId::RequestDisposition; // RFC 3841
    case 'e':
        return HeaderId::ContentEncoding;
    case 'f':
        return HeaderId::From;
    case 'i':
        return HeaderId::CallId;
    case 'j':
        return HeaderId::RejectContact; // RFC 3841
    case 'k':
        return HeaderId::Supported;
    case 'l':
        return HeaderId::ContentLength;
    case 'm':
        return HeaderId::Contact;
    case 'o':
        return HeaderId::Event; // RFC 6665
    case 'r':
        return HeaderId::ReferTo; // RFC 3515
    case 's':
        return HeaderId::Subject;
    case 't':
        return HeaderId::To;
    case 'u':
        return HeaderId::AllowEvents; // RFC 6665
    case 'v':
        return HeaderId::Via;
    case 'x':
        return HeaderId::SessionExpires; // RFC 4028
    case 'y':
        return HeaderId::Identity; // RFC 8224
    default:
        return HeaderId::Other;
    }
}

// Buckets of ids by (length, lowercase first letter): a lookup compares against the one or
// two names of its bucket.
struct Bucket
{
    std::array<HeaderId, 4> ids{};
    std::uint8_t count = 0;
};

constexpr std::size_t MaxNameLength = 24;

constexpr auto makeBuckets()
{
    std::array<std::array<Bucket, 26>, MaxNameLength + 1> buckets{};
    for (std::size_t i = 1; i < Names.size(); ++i) {
        const std::string_view name = Names[i];
        Bucket &bucket = buckets[name.size()][toLower(name.front()) - 'a'];
        bucket.ids[bucket.count++] = static_cast<HeaderId>(i);
    }
    return buckets;
}

constexpr auto Buckets = makeBuckets();

// A known name lowercased, and the mask that folds an octet to lowercase where the name has a
// letter (0x20 there, 0 elsewhere): (octet | mask) == lowercase is a case-insensitive match
// exactly, since only the letters' case bit may differ ('-' must match as it is).
struct FoldedName
{
    std::array<char, MaxNameLength> lowercase{};
    std::array<char, MaxNameLength> mask{};
};

constexpr auto makeFoldedNames()
{
    std::array<FoldedName, Names.size()> folded{};
    for (std::size_t id = 0; id < Names.size(); ++id) {
        for (std::size_t i = 0; i < Names[id].size(); ++i) {
            const char c = toLower(Names[id][i]);
            folded[id].lowercase[i] = c;
            folded[id].mask[i] = c >= 'a' && c <= 'z' ? 0x20 : 0;
        }
    }
    return folded;
}

constexpr auto FoldedNames = makeFoldedNames();

// Whether the sizeof(Word) octets of \a text at \a at match the name there.
template<class Word>
bool matchesAt(const char *text, const FoldedName &name, std::size_t at)
{
    Word octets;
    Word mask;
    Word lowercase;
    std::memcpy(&octets, text + at, sizeof(Word));
    std::memcpy(&mask, name.mask.data() + at, sizeof(Word));
    std::memcpy(&lowercase, name.lowercase.data() + at, sizeof(Word));
    return static_cast<Word>(octets | mask) == lowercase;
}

// Case-insensitive equality of \a text with a known name of the same length, a word at a time:
// overlapping loads cover the name without reading past it.
bool equalsName(std::string_view text, const FoldedName &name)
{
    const char *const data = text.data();
    const std::size_t size = text.size();
    if (size >= 8) {
        std::size_t at = 0;
        for (; at + 8 <= size; at += 8) {
            if (!matchesAt<std::uint64_t>(data, name, at))
                return false;
        }
        return at == size || matchesAt<std::uint64_t>(data, name, size - 8);
    }
    if (size >= 4)
        return matchesAt<std::uint32_t>(data, name, 0)
               && matchesAt<std::uint32_t>(data, name, size - 4);
    return matchesAt<std::uint16_t>(data, name, 0)
           && matchesAt<std::uint16_t>(data, name, size - 2); // size is 2 or 3
}

bool equalsLowercase(std::string_view text, std::string_view name)
{
    // Octets that are equal as written (most of them) skip the case folding.
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != name[i] && toLower(text[i]) != toLower(name[i]))
            return false;
    }
    return true;
}

} // namespace

HeaderId headerIdOf(std::string_view name)
{
    if (name.empty() || name.size() > MaxNameLength)
        return HeaderId::Other;
    const char first = toLower(name.front());
    if (first < 'a' || first > 'z')
        return HeaderId::Other;
    if (name.size() == 1)
        return compactId(first);
    const Bucket &bucket = Buckets[name.size()][first - 'a'];
    for (std::uint8_t i = 0; i < bucket.count; ++i) {
        if (equalsName(name, FoldedNames[static_cast<std::size_t>(bucket.ids[i])]))
            return bucket.ids[i];
    }
    return HeaderId::Other;
}

std::string_view headerName(HeaderId id)
{
    const auto index = static_cast<std::size_t>(id);
    return index < Names.size() ? Names[index] : std::string_view();
}

std::string_view expandCompactHeaderName(std::string_view name)
{
    if (name.size() != 1)
        return name;
    const HeaderId id = compactId(name.front());
    return id == HeaderId::Other ? name : headerName(id);
}

bool headerNameEquals(std::string_view a, std::string_view b)
{
    return equalsIgnoreCase(expandCompactHeaderName(a), expandCompactHeaderName(b));
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && equalsLowercase(a, b);
}

bool isToken(std::string_view text)
{
    return !text.empty()
           && std::ranges::all_of(text, [](char c) { return lexical::is(c, lexical::Token); });
}

} // namespace sipcore
