#include "sipcore/syntax/headernames.h"

#include <algorithm>

namespace sipcore {

namespace {

char toLowerAscii(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '-':
    case '.':
    case '!':
    case '%':
    case '*':
    case '_':
    case '+':
    case '`':
    case '\'':
    case '~':
        return true;
    default:
        return false;
    }
}

} // namespace

std::string_view expandCompactHeaderName(std::string_view name)
{
    // RFC 3261 §7.3.3 and the compact forms registered with IANA since.
    if (name.size() != 1)
        return name;
    switch (toLowerAscii(name.front())) {
    case 'a':
        return "Accept-Contact"; // RFC 3841
    case 'b':
        return "Referred-By"; // RFC 3892
    case 'c':
        return "Content-Type";
    case 'd':
        return "Request-Disposition"; // RFC 3841
    case 'e':
        return "Content-Encoding";
    case 'f':
        return "From";
    case 'i':
        return "Call-ID";
    case 'j':
        return "Reject-Contact"; // RFC 3841
    case 'k':
        return "Supported";
    case 'l':
        return "Content-Length";
    case 'm':
        return "Contact";
    case 'o':
        return "Event"; // RFC 6665
    case 'r':
        return "Refer-To"; // RFC 3515
    case 's':
        return "Subject";
    case 't':
        return "To";
    case 'u':
        return "Allow-Events"; // RFC 6665
    case 'v':
        return "Via";
    case 'x':
        return "Session-Expires"; // RFC 4028
    case 'y':
        return "Identity"; // RFC 8224
    default:
        return name;
    }
}

bool headerNameEquals(std::string_view a, std::string_view b)
{
    return equalsIgnoreCase(expandCompactHeaderName(a), expandCompactHeaderName(b));
}

bool equalsIgnoreCase(std::string_view a, std::string_view b)
{
    return std::ranges::equal(a, b,
                              [](char x, char y) { return toLowerAscii(x) == toLowerAscii(y); });
}

bool isToken(std::string_view text)
{
    return !text.empty() && std::ranges::all_of(text, isTokenChar);
}

} // namespace sipcore
