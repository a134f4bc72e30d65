#include "sipcore/syntax/parameters.h"

#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/lexical.h"

#include <algorithm>

namespace sipcore {

namespace {

using lexical::isWhitespace;
using lexical::trim;

// One character of a parameter name or unquoted value: the union of RFC 3261's token (header
// parameters) and paramchar (URI parameters, whose escapes are checked by the URI parser).
bool isParamChar(char c)
{
    switch (c) {
    case '[':
    case ']':
    case '/':
    case ':':
    case '&':
    case '$':
        return true;
    default:
        return isToken(std::string_view(&c, 1));
    }
}

} // namespace

bool Parameters::has(std::string_view name) const
{
    return std::ranges::any_of(m_items,
                               [&](const Parameter &p) { return equalsIgnoreCase(p.name, name); });
}

std::optional<std::string_view> Parameters::get(std::string_view name) const
{
    for (const Parameter &p : m_items) {
        if (equalsIgnoreCase(p.name, name)) {
            if (!p.value)
                return std::nullopt;
            return std::string_view(*p.value);
        }
    }
    return std::nullopt;
}

void Parameters::set(std::string_view name, std::optional<std::string_view> value)
{
    std::optional<std::string> stored;
    if (value)
        stored.emplace(*value);
    for (Parameter &p : m_items) {
        if (equalsIgnoreCase(p.name, name)) {
            p.value = std::move(stored);
            return;
        }
    }
    m_items.push_back({std::string(name), std::move(stored)});
}

void Parameters::remove(std::string_view name)
{
    std::erase_if(m_items, [&](const Parameter &p) { return equalsIgnoreCase(p.name, name); });
}

bool Parameters::parse(std::string_view text)
{
    // generic-param *( SEMI generic-param ) with SEMI and EQUAL allowing whitespace either side
    // (RFC 3261 §25.1); gen-value is a token, a host or a quoted-string.
    std::vector<Parameter> items;
    std::size_t i = 0;
    const std::size_t n = text.size();
    auto skipWhitespace = [&] {
        while (i < n && isWhitespace(text[i]))
            ++i;
    };

    skipWhitespace();
    if (i == n) {
        m_items.clear();
        return true;
    }
    while (true) {
        skipWhitespace();
        const std::size_t nameStart = i;
        while (i < n && isParamChar(text[i]))
            ++i;
        if (i == nameStart)
            return false;
        Parameter parameter{std::string(text.substr(nameStart, i - nameStart)), std::nullopt};
        skipWhitespace();
        if (i < n && text[i] == '=') {
            ++i;
            skipWhitespace();
            const std::size_t valueStart = i;
            if (i < n && text[i] == '"') {
                ++i;
                bool closed = false;
                while (i < n) {
                    const char c = text[i];
                    if (c == '\r' || c == '\n')
                        return false;
                    if (c == '\\') {
                        if (i + 1 >= n || text[i + 1] == '\r' || text[i + 1] == '\n')
                            return false;
                        i += 2;
                        continue;
                    }
                    ++i;
                    if (c == '"') {
                        closed = true;
                        break;
                    }
                }
                if (!closed)
                    return false;
            } else {
                while (i < n && isParamChar(text[i]))
                    ++i;
                if (i == valueStart)
                    return false;
            }
            parameter.value.emplace(text.substr(valueStart, i - valueStart));
            skipWhitespace();
        }
        items.push_back(std::move(parameter));
        if (i == n)
            break;
        if (text[i] != ';')
            return false;
        ++i; // a name must follow, so a trailing or doubled ';' is malformed
    }
    m_items = std::move(items);
    return true;
}

void Parameters::appendTo(std::string &out) const
{
    for (const Parameter &p : m_items) {
        out += ';';
        out += p.name;
        if (p.value) {
            out += '=';
            out += *p.value;
        }
    }
}

} // namespace sipcore
