#include "sipcore/syntax/messageparser.h"

#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

#include <algorithm>
#include <charconv>

namespace sipcore {

namespace {

using lexical::isWhitespace;
using lexical::trim;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// Reads lines ending in CRLF or a bare LF; the terminator is not part of the line.
class LineReader
{
public:
    explicit LineReader(std::string_view text)
        : m_text(text)
    {}

    /// Skips the CRLFs that may precede a start line (RFC 3261 §7.5).
    void skipEmptyLines()
    {
        while (m_pos < m_text.size() && (m_text[m_pos] == '\r' || m_text[m_pos] == '\n'))
            ++m_pos;
    }
    bool atEnd() const { return m_pos >= m_text.size(); }
    /// The next line, or nullopt when the text ends before a line terminator.
    std::optional<std::string_view> next()
    {
        const std::size_t lf = m_text.find('\n', m_pos);
        if (lf == std::string_view::npos)
            return std::nullopt;
        std::string_view line = m_text.substr(m_pos, lf - m_pos);
        m_pos = lf + 1;
        if (line.ends_with('\r'))
            line.remove_suffix(1);
        return line;
    }
    /// What follows the last line read.
    std::string_view rest() const { return m_text.substr(m_pos); }

private:
    std::string_view m_text;
    std::size_t m_pos = 0;
};

constexpr std::string_view SipVersion = "SIP/2.0";

std::error_code parseRequestLine(std::string_view line, Request &request)
{
    // Request-Line = Method SP Request-URI SP SIP-Version (§7.1): exactly two single spaces.
    const std::size_t first = line.find(' ');
    if (first == std::string_view::npos)
        return SyntaxError::BadStartLine;
    const std::size_t second = line.find(' ', first + 1);
    if (second == std::string_view::npos)
        return SyntaxError::BadStartLine;
    const std::string_view method = line.substr(0, first);
    const std::string_view uri = line.substr(first + 1, second - first - 1);
    const std::string_view version = line.substr(second + 1);
    if (method.empty() || uri.empty() || version.empty()
        || version.find(' ') != std::string_view::npos)
        return SyntaxError::BadStartLine;
    if (!equalsIgnoreCase(version, SipVersion))
        return SyntaxError::BadVersion;
    if (!isToken(method))
        return SyntaxError::BadMethod;
    // Any well-formed URI: a scheme the element does not serve is answered 416 by the layer
    // above (RFC 3261 §8.2.2.1, RFC 4475 §3.3.2), which needs the request to do so.
    auto requestUri = Uri::parse(uri);
    if (!requestUri)
        return SyntaxError::BadRequestUri;
    request.method = std::string(method);
    request.requestUri = std::move(*requestUri);
    return {};
}

std::error_code parseStatusLine(std::string_view line, Response &response)
{
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (§7.2); the phrase may be empty.
    const std::size_t first = line.find(' ');
    if (first == std::string_view::npos)
        return SyntaxError::BadStartLine;
    if (!equalsIgnoreCase(line.substr(0, first), SipVersion))
        return SyntaxError::BadVersion;
    const std::size_t second = line.find(' ', first + 1);
    const std::string_view code
            = line.substr(first + 1, second == std::string_view::npos ? std::string_view::npos
                                                                      : second - first - 1);
    if (code.size() != 3 || !isDigit(code[0]) || !isDigit(code[1]) || !isDigit(code[2]))
        return SyntaxError::BadStatusCode;
    const int status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
    if (status < 100 || status > 699)
        return SyntaxError::BadStatusCode;
    if (second == std::string_view::npos)
        return SyntaxError::BadStartLine;
    response.statusCode = status;
    response.reasonPhrase = std::string(line.substr(second + 1));
    return {};
}

// message-header lines up to the empty line (§7.3): name HCOLON value, folded lines joined with
// one space.
std::error_code parseHeaderFields(LineReader &reader, std::vector<HeaderField> &fields)
{
    while (true) {
        const auto line = reader.next();
        if (!line)
            return SyntaxError::BadHeaderLine; // the header section is not terminated
        if (line->empty())
            return {};
        if (line->find('\r') != std::string_view::npos)
            return SyntaxError::BadHeaderLine;
        if (isWhitespace(line->front())) {
            if (fields.empty())
                return SyntaxError::BadHeaderLine;
            const std::string_view continuation = trim(*line);
            std::string &value = fields.back().value;
            if (!continuation.empty()) {
                if (!value.empty())
                    value += ' ';
                value += continuation;
            }
            continue;
        }
        const std::size_t colon = line->find(':');
        if (colon == std::string_view::npos)
            return SyntaxError::BadHeaderLine;
        const std::string_view name = trim(line->substr(0, colon));
        if (!isToken(name))
            return SyntaxError::BadHeaderLine;
        fields.push_back({std::string(name), std::string(trim(line->substr(colon + 1)))});
    }
}

// The body framed by Content-Length (§18.3, §20.14); without one, the rest of the datagram.
// Several Content-Length fields that agree frame the body as one would. Several that disagree
// leave the datagram to frame the message (the rest is the body): the message stays well formed
// so that MessageValidator can answer the 400 that RFC 4475 §3.3.9 asks for.
Result<std::string_view> frameBody(const std::vector<HeaderField> &fields, std::string_view rest)
{
    std::optional<std::size_t> length;
    bool conflicting = false;
    for (const HeaderField &field : fields) {
        if (!headerNameEquals(field.name, "Content-Length"))
            continue;
        const std::string_view digits = field.value;
        if (digits.empty() || !std::ranges::all_of(digits, isDigit))
            return SyntaxError::BadContentLength;
        std::size_t value = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
        if (ec != std::errc() || end != digits.data() + digits.size())
            return SyntaxError::BodyTooShort; // all digits, but more than any datagram holds
        if (length && *length != value)
            conflicting = true;
        length = value;
    }
    if (!length || conflicting)
        return rest;
    if (*length > rest.size())
        return SyntaxError::BodyTooShort;
    return rest.substr(0, *length);
}

// callid = word [ "@" word ] (§25.1): printable, no whitespace.
bool isCallId(std::string_view value)
{
    return !value.empty() && std::ranges::none_of(value, [](char c) {
        const auto octet = static_cast<unsigned char>(c);
        return octet <= 0x20 || octet >= 0x7f;
    });
}

// Contact, Route and Record-Route, when present: every element a name-addr (Contact may
// instead be a lone "*", §20.10).
std::error_code checkNameAddrLists(const SipMessage &message)
{
    if (auto contacts = message.contacts();
        !contacts && contacts.error() != SyntaxError::MissingHeader) {
        const auto values = message.headerValues("Contact");
        const bool star
                = values.size() == 1 && values.front() == "*"
                  && std::ranges::count_if(message.headerFields(), [](const HeaderField &f) {
                         return headerNameEquals(f.name, "Contact");
                     }) == 1;
        if (!star)
            return contacts.error();
    }
    if (auto routes = message.routes(); !routes && routes.error() != SyntaxError::MissingHeader)
        return routes.error();
    if (auto recordRoutes = message.recordRoutes();
        !recordRoutes && recordRoutes.error() != SyntaxError::MissingHeader)
        return recordRoutes.error();
    return {};
}

// A response is checked in full: nobody can answer it, so one that the layers above could not
// match or use (a mandatory header missing, repeated or malformed) is dropped here.
std::error_code checkResponseHeaders(const Response &response)
{
    if (auto vias = response.vias(); !vias)
        return vias.error();
    if (auto from = response.from(); !from)
        return from.error();
    if (auto to = response.to(); !to)
        return to.error();
    if (auto callId = response.callId(); !callId)
        return callId.error();
    if (auto cseq = response.cseq(); !cseq)
        return cseq.error();
    return checkNameAddrLists(response);
}

// A request is checked for well-formedness only. Via and CSeq must be present: without them no
// transaction can be matched and no response routed, so nobody could answer it. A missing or
// repeated From, To or Call-ID is well formed and left to MessageValidator, which answers 400
// (RFC 4475 §3.3.1, §3.3.8); every field that is present must parse.
std::error_code checkRequestHeaders(const Request &request)
{
    if (auto vias = request.vias(); !vias)
        return vias.error();
    bool hasCSeq = false;
    for (const HeaderField &field : request.headerFields()) {
        if (headerNameEquals(field.name, "From") || headerNameEquals(field.name, "To")) {
            if (auto nameAddr = NameAddr::parse(field.value); !nameAddr)
                return nameAddr.error();
        } else if (headerNameEquals(field.name, "Call-ID")) {
            if (!isCallId(trim(field.value)))
                return SyntaxError::BadHeaderValue;
        } else if (headerNameEquals(field.name, "CSeq")) {
            if (auto cseq = CSeq::parse(field.value); !cseq)
                return cseq.error();
            hasCSeq = true;
        }
    }
    if (!hasCSeq)
        return SyntaxError::MissingHeader;
    if (const auto error = checkNameAddrLists(request))
        return error;
    // The CSeq method matches the request's (§8.1.1.5), ACK and CANCEL included (§17.1.1.3,
    // §9.1); every CSeq field counts, so a repeated one cannot hide a mismatch.
    for (const HeaderField &field : request.headerFields()) {
        if (headerNameEquals(field.name, "CSeq")
            && CSeq::parse(field.value)->method != request.method)
            return SyntaxError::BadCSeq;
    }
    return {};
}

template<class Message>
void fill(Message &message, const std::vector<HeaderField> &fields, std::string_view body)
{
    for (const HeaderField &field : fields)
        message.addHeader(field.name, field.value);
    message.setBody(std::string(body));
}

} // namespace

Result<SipMessageVariant> MessageParser::parseDatagram(std::string_view datagram)
{
    if (datagram.size() > MaxMessageSize)
        return SyntaxError::MessageTooLarge;
    LineReader reader(datagram);
    reader.skipEmptyLines();
    if (reader.atEnd())
        return SyntaxError::EmptyMessage;

    const auto startLine = reader.next();
    if (!startLine || startLine->find('\r') != std::string_view::npos)
        return SyntaxError::BadStartLine;

    // A status line starts with the version; a method cannot contain '/', so nothing else does.
    const bool isResponse
            = startLine->size() >= 4 && equalsIgnoreCase(startLine->substr(0, 4), "SIP/");
    Request request;
    Response response;
    const std::error_code startLineError = isResponse ? parseStatusLine(*startLine, response)
                                                      : parseRequestLine(*startLine, request);
    if (startLineError)
        return startLineError;

    std::vector<HeaderField> fields;
    if (const auto error = parseHeaderFields(reader, fields))
        return error;
    const auto body = frameBody(fields, reader.rest());
    if (!body)
        return body.error();

    if (isResponse) {
        fill(response, fields, *body);
        if (const auto error = checkResponseHeaders(response))
            return error;
        return SipMessageVariant(std::move(response));
    }
    fill(request, fields, *body);
    if (const auto error = checkRequestHeaders(request))
        return error;
    return SipMessageVariant(std::move(request));
}

} // namespace sipcore
