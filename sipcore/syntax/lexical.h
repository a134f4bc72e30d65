#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace sipcore {

/// The basic rules of RFC 3261 §25.1 that every value parser shares: character classes as
/// 256-entry tables (one load per octet) and whitespace helpers.
namespace lexical {

enum CharClass : std::uint16_t {
    Alpha = 1 << 0,
    Digit = 1 << 1,
    HexDigit = 1 << 2,
    Token = 1 << 3,        // token (§25.1): alphanum and -.!%*_+`'~
    Unreserved = 1 << 4,   // alphanum and mark -_.!~*'()
    ParamChar = 1 << 5,    // token plus []/:&$ (header and URI parameter names and values)
    UserChar = 1 << 6,     // user-unreserved &=+$,;?/ (escapes checked apart)
    PasswordChar = 1 << 7, // &=+$,
    UriParamChar = 1 << 8, // paramchar less escapes: unreserved and param-unreserved []/:&+$
    HeaderChar = 1 << 9,   // hnv-unreserved []/?:+$ (URI headers, with & and = as separators)
    Uric = 1 << 10,        // reserved / unreserved of absoluteURI (;/?:@&=+$,[] and mark)
    Word = 1 << 11,        // word (§25.1): the Call-ID's characters
    Whitespace = 1 << 12,  // SP / HTAB
    LabelChar = 1 << 13,   // alphanum and "-": the octets of a hostname's domainlabel
};

namespace detail {

constexpr std::array<std::uint16_t, 256> makeTable()
{
    std::array<std::uint16_t, 256> table{};
    auto add = [&](std::string_view chars, std::uint16_t bits) {
        for (const char c : chars)
            table[static_cast<unsigned char>(c)] |= bits;
    };
    for (int c = 'a'; c <= 'z'; ++c) {
        table[c] |= Alpha;
        table[c - 'a' + 'A'] |= Alpha;
    }
    for (int c = '0'; c <= '9'; ++c)
        table[c] |= Digit | HexDigit;
    add("abcdefABCDEF", HexDigit);
    for (int c = 0; c < 256; ++c) {
        if (table[c] & (Alpha | Digit))
            table[c] |= Token | Unreserved | ParamChar | UserChar | PasswordChar | UriParamChar
                        | HeaderChar | Uric | Word | LabelChar;
    }
    add("-.!%*_+`'~", Token | ParamChar | Word);
    // Every class below that unreserved's mark belongs to is a superset of Unreserved, so one
    // class tests for it (skipEscaped()).
    add("-_.!~*'()", Unreserved | UserChar | PasswordChar | UriParamChar | HeaderChar | Uric);
    add("[]/:&$", ParamChar);
    add("&=+$,;?/", UserChar);
    add("&=+$,", PasswordChar);
    add("[]/:&+$", UriParamChar);
    add("[]/?:+$", HeaderChar);
    add(";/?:@&=+$,[]", Uric);
    add("()<>:\\\"/[]?{}", Word);
    add(" \t", Whitespace);
    add("-", LabelChar);
    return table;
}

inline constexpr std::array<std::uint16_t, 256> Table = makeTable();

} // namespace detail

/// True when \a c belongs to every class in \a classes.
constexpr bool is(char c, std::uint16_t classes)
{
    return (detail::Table[static_cast<unsigned char>(c)] & classes) == classes;
}

/// True when \a c belongs to any class in \a classes.
constexpr bool isAny(char c, std::uint16_t classes)
{
    return (detail::Table[static_cast<unsigned char>(c)] & classes) != 0;
}

/// SP or HTAB (WSP).
constexpr bool isWhitespace(char c)
{
    return c == ' ' || c == '\t';
}

constexpr bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

constexpr char toLower(char c)
{
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr char toUpper(char c)
{
    return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

/// \a text with ASCII letters lowered (tokens such as a URI's transport parameter).
inline std::string lowered(std::string_view text)
{
    std::string out(text);
    for (char &c : out)
        c = toLower(c);
    return out;
}

/// True when \a a and \a b differ at most in the case of ASCII letters (tokens such as option
/// tags, RFC 3261 §19.2).
constexpr bool equalsIgnoringCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (toLower(a[i]) != toLower(b[i]))
            return false;
    }
    return true;
}

/// A token or quoted-string value as meant: the quotes removed and quoted-pairs resolved
/// (§25.1); anything else as it is.
inline std::string unquoted(std::string_view value)
{
    if (value.size() < 2 || value.front() != '"' || value.back() != '"')
        return std::string(value);
    std::string out;
    out.reserve(value.size() - 2);
    for (std::size_t i = 1; i + 1 < value.size(); ++i) {
        if (value[i] == '\\' && i + 2 < value.size())
            ++i;
        out += value[i];
    }
    return out;
}

/// \a text with ASCII letters raised (a Via's transport, "UDP", "TLS", …).
inline std::string raised(std::string_view text)
{
    std::string out(text);
    for (char &c : out)
        c = toUpper(c);
    return out;
}

/// The length of the prefix of \a text whose octets all belong to \a classes.
constexpr std::size_t span(std::string_view text, std::uint16_t classes, std::size_t from = 0)
{
    std::size_t i = from;
    while (i < text.size() && is(text[i], classes))
        ++i;
    return i - from;
}

/// The index of the first octet at or after \a i that neither belongs to \a classes nor starts
/// an escape "%" HEX HEX (which is skipped whole); text.size() when there is none.
constexpr std::size_t skipEscaped(std::string_view text, std::size_t i, std::uint16_t classes)
{
    while (true) {
        i += span(text, classes, i);
        if (i + 2 >= text.size() || text[i] != '%' || !is(text[i + 1], HexDigit)
            || !is(text[i + 2], HexDigit))
            return i;
        i += 3;
    }
}

/// True when every octet of \a text belongs to \a classes or is part of an escape.
constexpr bool isEscapedText(std::string_view text, std::uint16_t classes)
{
    return skipEscaped(text, 0, classes) == text.size();
}

/// The index of the first \a c at or after \a from, or npos. An inline loop: for the short
/// runs of a header value it beats a call to memchr.
constexpr std::size_t find(std::string_view text, char c, std::size_t from = 0)
{
    for (std::size_t i = from; i < text.size(); ++i) {
        if (text[i] == c)
            return i;
    }
    return std::string_view::npos;
}

/// The index of the first octet at or after \a from that is one of \a set, or npos.
constexpr std::size_t findAny(std::string_view text, std::string_view set, std::size_t from = 0)
{
    for (std::size_t i = from; i < text.size(); ++i) {
        for (const char c : set) {
            if (text[i] == c)
                return i;
        }
    }
    return std::string_view::npos;
}

/// The quoted-string (§25.1) whose opening quote is at \a open: the index past its closing
/// quote, or npos when it is unterminated or holds CR, LF or a quoted-pair of an octet above
/// %x7F (quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)).
constexpr std::size_t skipQuotedString(std::string_view text, std::size_t open)
{
    for (std::size_t i = open + 1; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '"')
            return i + 1;
        if (c == '\r' || c == '\n')
            return std::string_view::npos;
        if (c == '\\') {
            if (++i >= text.size() || text[i] == '\r' || text[i] == '\n'
                || static_cast<unsigned char>(text[i]) > 0x7f)
                return std::string_view::npos;
        }
    }
    return std::string_view::npos;
}

/// \a text without leading and trailing WSP.
constexpr std::string_view trim(std::string_view text)
{
    while (!text.empty() && isWhitespace(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isWhitespace(text.back()))
        text.remove_suffix(1);
    return text;
}

/// The index of the first non-WSP octet at or after \a from.
constexpr std::size_t skipWhitespace(std::string_view text, std::size_t from)
{
    while (from < text.size() && isWhitespace(text[from]))
        ++from;
    return from;
}

/// Digits only, at most 10 of them and not above \a max; false otherwise.
constexpr bool
parseNumber(std::string_view text, std::uint32_t &out, std::uint64_t max = 0xffffffff)
{
    if (text.empty() || text.size() > 10)
        return false;
    std::uint64_t value = 0;
    for (const char c : text) {
        if (!isDigit(c))
            return false;
        value = value * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (value > max)
        return false;
    out = static_cast<std::uint32_t>(value);
    return true;
}

/// callid = word [ "@" word ] (§25.1): a Call-ID, or the call-id of Replaces and In-Reply-To.
constexpr bool isCallId(std::string_view text)
{
    const std::size_t at = find(text, '@');
    const std::size_t first = at == std::string_view::npos ? text.size() : at;
    if (first == 0 || span(text, Word) < first)
        return false;
    return at == std::string_view::npos
           || (at + 1 < text.size() && span(text, Word, at + 1) == text.size() - at - 1);
}

} // namespace lexical
} // namespace sipcore
