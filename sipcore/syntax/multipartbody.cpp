#include "sipcore/syntax/multipartbody.h"

#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

#include <algorithm>
#include <utility>

namespace sipcore {

namespace {

using Part = MultipartBody::Part;

constexpr std::string_view crlf = "\r\n";
constexpr std::string_view dashes = "--";
constexpr std::size_t maxBoundaryLength = 70; // RFC 2046 §5.1.1

/// RFC 2046 §5.1.1 bcharsnospace.
bool isBoundaryCharNoSpace(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '\'':
    case '(':
    case ')':
    case '+':
    case '_':
    case ',':
    case '-':
    case '.':
    case '/':
    case ':':
    case '=':
    case '?':
        return true;
    default:
        return false;
    }
}

/// boundary := 0*69<bchars> bcharsnospace
bool isValidBoundary(std::string_view boundary)
{
    return !boundary.empty() && boundary.size() <= maxBoundaryLength
           && isBoundaryCharNoSpace(boundary.back()) && std::ranges::all_of(boundary, [](char c) {
                  return c == ' ' || isBoundaryCharNoSpace(c);
              });
}

struct BoundaryLine
{
    bool close = false;  ///< "--boundary--"
    std::size_t end = 0; ///< just past the line's CRLF (or the end of the body for a close line)
};

/// The boundary line starting at \a at in \a body ("--" boundary ["--"] *LWSP-char, then CRLF;
/// the close line may also end the body), or nullopt when the line there is anything else.
std::optional<BoundaryLine>
boundaryLineAt(std::string_view body, std::size_t at, std::string_view boundary)
{
    std::string_view rest = body.substr(at);
    if (!rest.starts_with(dashes))
        return std::nullopt;
    rest.remove_prefix(dashes.size());
    if (!rest.starts_with(boundary))
        return std::nullopt;
    rest.remove_prefix(boundary.size());
    BoundaryLine line;
    if (rest.starts_with(dashes)) {
        line.close = true;
        rest.remove_prefix(dashes.size());
    }
    while (!rest.empty() && lexical::isWhitespace(rest.front())) // transport padding
        rest.remove_prefix(1);
    if (rest.empty() && line.close) {
        line.end = body.size();
        return line;
    }
    if (!rest.starts_with(crlf))
        return std::nullopt;
    line.end = body.size() - rest.size() + crlf.size();
    return line;
}

/// The offset of the CRLF that starts the next delimiter at or after \a from, and that
/// delimiter's line; nullopt when there is none.
std::optional<std::pair<std::size_t, BoundaryLine>>
nextDelimiter(std::string_view body, std::size_t from, std::string_view boundary)
{
    for (std::size_t at = body.find(crlf, from); at != std::string_view::npos;
         at = body.find(crlf, at + 1)) {
        if (const auto line = boundaryLineAt(body, at + crlf.size(), boundary))
            return std::pair{at, *line};
    }
    return std::nullopt;
}

/// A header line of a body part: `name *WSP ":" value`, or a folded continuation (leading WSP)
/// when \a first is false. Control octets other than HTAB (a bare CR or LF among them) are
/// malformed.
bool isHeaderLine(std::string_view line, bool first)
{
    const bool hasControl = std::ranges::any_of(line, [](char c) {
        const auto octet = static_cast<unsigned char>(c);
        return (octet < 0x20 && c != '\t') || octet == 0x7f;
    });
    if (hasControl || line.empty())
        return false;
    if (lexical::isWhitespace(line.front()))
        return !first;
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos)
        return false;
    std::string_view name = line.substr(0, colon);
    while (!name.empty() && lexical::isWhitespace(name.back()))
        name.remove_suffix(1);
    // RFC 5322 §3.6.8 field-name: printable ASCII but the colon (already excluded).
    return !name.empty() && std::ranges::all_of(name, [](char c) { return c > ' ' && c < 0x7f; });
}

/// Splits the octets between two delimiters into header block and body (RFC 2046 §5.1.1
/// body-part := MIME-part-headers [CRLF *OCTET]).
std::optional<Part> parsePart(std::string_view content)
{
    std::size_t at = 0;
    while (at < content.size()) {
        const std::size_t eol = content.find(crlf, at);
        if (eol == at) // the empty line: the body follows
            return Part{content.substr(0, at == 0 ? 0 : at - crlf.size()),
                        content.substr(at + crlf.size())};
        const std::string_view line = content.substr(
                at, eol == std::string_view::npos ? std::string_view::npos : eol - at);
        if (!isHeaderLine(line, at == 0))
            return std::nullopt;
        if (eol == std::string_view::npos) // the delimiter's CRLF ended the last header line
            return Part{content, content.substr(content.size())};
        at = eol + crlf.size();
    }
    // Empty, or header lines each ending in CRLF and the delimiter's CRLF as the empty line.
    return Part{content.substr(0, content.empty() ? 0 : content.size() - crlf.size()),
                content.substr(content.size())};
}

/// SP, HTAB, CR, LF: the whitespace of a header value whose folds are still in it.
bool isLinearWhitespace(char c)
{
    return lexical::isWhitespace(c) || c == '\r' || c == '\n';
}

std::string_view trimLinearWhitespace(std::string_view text)
{
    while (!text.empty() && isLinearWhitespace(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isLinearWhitespace(text.back()))
        text.remove_suffix(1);
    return text;
}

/// RFC 2045 §5.1 token: printable ASCII but tspecials. A superset of the RFC 3261 token, so
/// the Content-Type of a SIP message and of a MIME body part both read.
bool isMimeTokenChar(char c)
{
    if (c <= ' ' || c >= 0x7f)
        return false;
    constexpr std::string_view tspecials = "()<>@,;:\\\"/[]?=";
    return tspecials.find(c) == std::string_view::npos;
}

/// Reads a Content-Type value left to right; every read returns an empty view on failure.
class ValueReader
{
public:
    explicit ValueReader(std::string_view text)
        : m_text(text)
    {}

    bool atEnd()
    {
        skipWhitespace();
        return m_text.empty();
    }

    /// Consumes \a c (after any whitespace) when it is next.
    bool take(char c)
    {
        skipWhitespace();
        if (m_text.empty() || m_text.front() != c)
            return false;
        m_text.remove_prefix(1);
        return true;
    }

    std::string_view token()
    {
        skipWhitespace();
        std::size_t size = 0;
        while (size < m_text.size() && isMimeTokenChar(m_text[size]))
            ++size;
        const std::string_view read = m_text.substr(0, size);
        m_text.remove_prefix(size);
        return read;
    }

    /// A token, or the inside of a quoted string with its quoted-pairs unresolved; nullopt
    /// when neither is next or the quote is not closed.
    std::optional<std::string_view> tokenOrQuoted()
    {
        skipWhitespace();
        if (m_text.empty() || m_text.front() != '"') {
            const std::string_view value = token();
            return value.empty() ? std::nullopt : std::optional(value);
        }
        for (std::size_t i = 1; i < m_text.size(); ++i) {
            if (m_text[i] == '\\') {
                ++i; // quoted-pair: the next octet is taken as it is
            } else if (m_text[i] == '"') {
                const std::string_view inside = m_text.substr(1, i - 1);
                m_text.remove_prefix(i + 1);
                return inside;
            }
        }
        return std::nullopt;
    }

private:
    void skipWhitespace()
    {
        while (!m_text.empty() && isLinearWhitespace(m_text.front()))
            m_text.remove_prefix(1);
    }

    std::string_view m_text;
};

} // namespace

Result<std::vector<Part>>
MultipartBody::split(std::string_view body, std::string_view boundary, std::size_t maxParts)
{
    if (!isValidBoundary(boundary))
        return SyntaxError::BadBoundary;

    // The opening boundary line: at the very start, or after the preamble's CRLF.
    std::optional<BoundaryLine> opening = boundaryLineAt(body, 0, boundary);
    if (!opening) {
        const auto delimiter = nextDelimiter(body, 0, boundary);
        if (delimiter)
            opening = delimiter->second;
    }
    if (!opening || opening->close)
        return SyntaxError::MissingDelimiter;

    std::vector<Part> parts;
    std::size_t partStart = opening->end;
    for (;;) {
        if (parts.size() == maxParts)
            return SyntaxError::TooManyParts;
        const auto delimiter = nextDelimiter(body, partStart, boundary);
        if (!delimiter)
            return SyntaxError::MissingDelimiter;
        const auto part = parsePart(body.substr(partStart, delimiter->first - partStart));
        if (!part)
            return SyntaxError::BadPartHeader;
        parts.push_back(*part);
        if (delimiter->second.close)
            return parts; // the epilogue is ignored
        partStart = delimiter->second.end;
    }
}

std::optional<std::string_view> MultipartBody::partHeader(const Part &part, std::string_view name)
{
    const std::string_view headers = part.headers;
    std::optional<std::size_t> valueStart;
    std::size_t valueEnd = 0;
    for (std::size_t at = 0; at < headers.size();) {
        std::size_t eol = headers.find(crlf, at);
        if (eol == std::string_view::npos)
            eol = headers.size();
        const std::string_view line = headers.substr(at, eol - at);
        const bool continuation = !line.empty() && lexical::isWhitespace(line.front());
        if (valueStart) {
            if (!continuation)
                break;
            valueEnd = eol;
        } else if (!continuation) {
            const std::size_t colon = line.find(':');
            if (colon != std::string_view::npos
                && equalsIgnoreCase(lexical::trim(line.substr(0, colon)), name)) {
                valueStart = at + colon + 1;
                valueEnd = eol;
            }
        }
        at = eol + crlf.size();
    }
    if (!valueStart)
        return std::nullopt;
    return trimLinearWhitespace(headers.substr(*valueStart, valueEnd - *valueStart));
}

std::optional<std::string_view> MultipartBody::boundaryOf(std::string_view contentTypeValue)
{
    // RFC 3261 §20.15 / RFC 2045 §5.1: type "/" subtype *( ";" attribute "=" value ).
    ValueReader reader(contentTypeValue);
    const std::string_view type = reader.token();
    if (type.empty() || !reader.take('/') || reader.token().empty()
        || !equalsIgnoreCase(type, "multipart"))
        return std::nullopt;
    std::optional<std::string_view> boundary;
    while (!reader.atEnd()) {
        if (!reader.take(';'))
            return std::nullopt;
        const std::string_view attribute = reader.token();
        if (attribute.empty() || !reader.take('='))
            return std::nullopt;
        const auto value = reader.tokenOrQuoted();
        if (!value)
            return std::nullopt;
        if (equalsIgnoreCase(attribute, "boundary")) {
            if (boundary)
                return std::nullopt; // two boundaries: which one the sender meant is unknown
            boundary = value;
        }
    }
    return boundary;
}

} // namespace sipcore
