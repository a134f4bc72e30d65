#include "sipcore/syntax/uriheaders.h"

#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/lexical.h"

namespace sipcore::uriheaders {

namespace {

int hexValue(char c)
{
    if (lexical::isDigit(c))
        return c - '0';
    const char upper = lexical::toUpper(c);
    return upper >= 'A' && upper <= 'F' ? upper - 'A' + 10 : -1;
}

/// \a text with each %XX decoded; a '%' without two hex digits after it stays as it is.
std::string unescaped(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const int high = text[i] == '%' && i + 2 < text.size() ? hexValue(text[i + 1]) : -1;
        const int low = high >= 0 ? hexValue(text[i + 2]) : -1;
        if (low < 0) {
            out += text[i];
            continue;
        }
        out += static_cast<char>(high * 16 + low);
        i += 2;
    }
    return out;
}

/// Calls \a visit(name, value) (both still escaped) for each "name=value" in \a headers until
/// it returns true.
template<typename Visit>
void forEach(std::string_view headers, Visit &&visit)
{
    while (!headers.empty()) {
        const std::size_t end = headers.find('&');
        const std::string_view header = headers.substr(0, end);
        headers = end == std::string_view::npos ? std::string_view() : headers.substr(end + 1);
        const std::size_t equals = header.find('=');
        if (equals != std::string_view::npos
            && visit(header.substr(0, equals), header.substr(equals + 1)))
            return;
    }
}

} // namespace

std::optional<std::string> find(std::string_view headers, std::string_view name)
{
    std::optional<std::string> found;
    forEach(headers, [&](std::string_view headerName, std::string_view value) {
        if (headerNameEquals(unescaped(headerName), name))
            found = unescaped(value);
        return found.has_value();
    });
    return found;
}

std::vector<std::pair<std::string, std::string>> all(std::string_view headers)
{
    std::vector<std::pair<std::string, std::string>> found;
    forEach(headers, [&](std::string_view name, std::string_view value) {
        found.emplace_back(unescaped(name), unescaped(value));
        return false;
    });
    return found;
}

std::string escapeValue(std::string_view value)
{
    static constexpr char hexDigits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        if (lexical::isAny(c, lexical::Unreserved | lexical::HeaderChar)) {
            out += c;
            continue;
        }
        const auto octet = static_cast<unsigned char>(c);
        out += '%';
        out += hexDigits[octet >> 4];
        out += hexDigits[octet & 0x0F];
    }
    return out;
}

} // namespace sipcore::uriheaders
