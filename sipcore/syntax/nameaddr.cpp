#include "sipcore/syntax/nameaddr.h"

#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

namespace sipcore {

namespace {

using lexical::isWhitespace;
using lexical::trim;

// *(token LWS): the unquoted display name, whitespace runs collapsed to one space.
std::optional<std::string> tokenDisplayName(std::string_view text)
{
    std::string name;
    std::size_t i = 0;
    while (i < text.size()) {
        if (isWhitespace(text[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < text.size() && !isWhitespace(text[end]))
            ++end;
        const std::string_view word = text.substr(i, end - i);
        if (!isToken(word))
            return std::nullopt;
        if (!name.empty())
            name += ' ';
        name += word;
        i = end;
    }
    return name;
}

} // namespace

Result<NameAddr> NameAddr::parse(std::string_view text)
{
    // (name-addr / addr-spec) *(SEMI param) (RFC 3261 §20.10, §25.1), where
    // name-addr = [ display-name ] LAQUOT addr-spec RAQUOT.
    text = trim(text);
    if (text.empty())
        return SyntaxError::BadNameAddr;

    NameAddr result;
    std::string_view rest; // from '<' on, in the name-addr form
    bool nameAddrForm = false;
    if (text.front() == '"') {
        // quoted-string: quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
        std::size_t i = 1;
        bool closed = false;
        while (i < text.size()) {
            const char c = text[i];
            if (c == '\r' || c == '\n')
                return SyntaxError::BadNameAddr;
            if (c == '\\') {
                if (i + 1 >= text.size())
                    return SyntaxError::BadNameAddr;
                const char escaped = text[i + 1];
                if (escaped == '\r' || escaped == '\n'
                    || static_cast<unsigned char>(escaped) > 0x7f)
                    return SyntaxError::BadNameAddr;
                result.displayName += escaped;
                i += 2;
                continue;
            }
            ++i;
            if (c == '"') {
                closed = true;
                break;
            }
            result.displayName += c;
        }
        if (!closed)
            return SyntaxError::BadNameAddr;
        rest = trim(text.substr(i));
        if (!rest.starts_with('<'))
            return SyntaxError::BadNameAddr;
        nameAddrForm = true;
    } else if (const std::size_t laquot = text.find('<'); laquot != std::string_view::npos) {
        auto name = tokenDisplayName(text.substr(0, laquot));
        if (!name)
            return SyntaxError::BadNameAddr;
        result.displayName = std::move(*name);
        rest = text.substr(laquot);
        nameAddrForm = true;
    }

    std::string_view params;
    bool hasParams = false;
    if (nameAddrForm) {
        const std::size_t raquot = rest.find('>');
        if (raquot == std::string_view::npos)
            return SyntaxError::BadNameAddr;
        auto uri = Uri::parse(rest.substr(1, raquot - 1));
        if (!uri)
            return SyntaxError::BadNameAddr;
        result.uri = std::move(*uri);
        const std::string_view after = trim(rest.substr(raquot + 1));
        if (!after.empty()) {
            if (after.front() != ';')
                return SyntaxError::BadNameAddr;
            params = after.substr(1);
            hasParams = true;
        }
    } else {
        // addr-spec: parameters after the URI are header parameters, and a URI carrying ',', ';'
        // or '?' would have to be enclosed in <> (§20.10).
        const std::size_t semicolon = text.find(';');
        const std::string_view spec = trim(text.substr(0, semicolon));
        if (spec.find_first_of(",?") != std::string_view::npos)
            return SyntaxError::BadNameAddr;
        auto uri = Uri::parse(spec);
        if (!uri)
            return SyntaxError::BadNameAddr;
        result.uri = std::move(*uri);
        if (semicolon != std::string_view::npos) {
            params = text.substr(semicolon + 1);
            hasParams = true;
        }
    }
    if (hasParams && (trim(params).empty() || !result.parameters.parse(params)))
        return SyntaxError::BadNameAddr;
    return result;
}

std::string NameAddr::toString() const
{
    std::string out;
    if (!displayName.empty()) {
        out += '"';
        for (const char c : displayName) {
            if (c == '\r' || c == '\n') {
                out += ' '; // no quoted-string can carry CR or LF (§25.1)
                continue;
            }
            // Quote what qdtext cannot carry as written: DQUOTE, backslash and controls.
            const auto octet = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\' || octet < 0x20 || octet == 0x7f)
                out += '\\';
            out += c;
        }
        out += "\" ";
    }
    out += '<';
    out += uri.toString();
    out += '>';
    parameters.appendTo(out);
    return out;
}

} // namespace sipcore
