#include "sipcore/sdp/cryptoattribute.h"

#include "sipcore/util/base64.h"

#include <algorithm>
#include <charconv>
#include <vector>

namespace sipcore::sdp {

namespace {

/// \a text split at runs of spaces and tabs (WSP).
std::vector<std::string_view> fields(std::string_view text)
{
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
            ++i;
        const std::size_t start = i;
        while (i < text.size() && text[i] != ' ' && text[i] != '\t')
            ++i;
        if (i > start)
            out.push_back(text.substr(start, i - start));
    }
    return out;
}

bool isDigits(std::string_view text)
{
    return !text.empty()
           && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isSuiteName(std::string_view text)
{
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
               || c == '_';
    });
}

} // namespace

std::optional<CryptoAttribute> CryptoAttribute::parse(std::string_view value)
{
    const std::vector<std::string_view> parts = fields(value);
    if (parts.size() < 3 || !isDigits(parts[0]) || parts[0].size() > 9 || !isSuiteName(parts[1]))
        return std::nullopt;
    CryptoAttribute crypto;
    std::from_chars(parts[0].data(), parts[0].data() + parts[0].size(), crypto.tag);
    crypto.suite = std::string(parts[1]);
    for (std::size_t i = 3; i < parts.size(); ++i) {
        if (!parts[i].starts_with("WSH="))
            return std::nullopt;
    }
    // key-params: exactly one "inline:" key, no ";" second key.
    std::string_view key = parts[2];
    if (!key.starts_with("inline:") || key.find(';') != std::string_view::npos)
        return std::nullopt;
    key.remove_prefix(7);
    const std::size_t bar = key.find('|');
    std::string_view rest
            = bar == std::string_view::npos ? std::string_view() : key.substr(bar + 1);
    key = key.substr(0, bar);
    if (!rest.empty()) {
        const std::string_view lifetime = rest.substr(0, rest.find('|'));
        if (lifetime.find(':') != std::string_view::npos
            || rest.find('|') != std::string_view::npos)
            return std::nullopt; // an MKI (value:length), alone or after the lifetime
        const std::string_view digits = lifetime.starts_with("2^") ? lifetime.substr(2) : lifetime;
        if (!isDigits(digits))
            return std::nullopt;
        crypto.lifetime = std::string(lifetime);
    }
    auto decoded = base64::decode(key);
    if (!decoded || decoded->empty())
        return std::nullopt;
    crypto.keySalt = std::move(*decoded);
    return crypto;
}

std::string CryptoAttribute::toString() const
{
    std::string out = std::to_string(tag) + ' ' + suite + " inline:" + base64::encode(keySalt);
    if (!lifetime.empty())
        out += '|' + lifetime;
    return out;
}

} // namespace sipcore::sdp
