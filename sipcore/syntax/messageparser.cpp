#include "sipcore/syntax/messageparser.h"

#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sipcore {

namespace {

using namespace lexical;

constexpr std::string_view SipVersion = "SIP/2.0";

// The index of the first CR or LF at or after \a from, or text.size(). Sixteen octets at a
// time where SSE2 is available (every x86-64), since a datagram is mostly line content.
std::size_t findLineBreak(std::string_view text, std::size_t from)
{
    std::size_t i = from;
#if defined(__SSE2__)
    const __m128i cr = _mm_set1_epi8('\r');
    const __m128i lf = _mm_set1_epi8('\n');
    for (; i + 16 <= text.size(); i += 16) {
        const __m128i octets = _mm_loadu_si128(reinterpret_cast<const __m128i *>(text.data() + i));
        const int found = _mm_movemask_epi8(
                _mm_or_si128(_mm_cmpeq_epi8(octets, cr), _mm_cmpeq_epi8(octets, lf)));
        if (found != 0)
            return i + static_cast<std::size_t>(std::countr_zero(static_cast<unsigned>(found)));
    }
#endif
    while (i < text.size() && text[i] != '\r' && text[i] != '\n')
        ++i;
    return i;
}

/// The line starting at \a pos (without its CRLF or bare LF) and where the next one starts;
/// false when the text ends before a line terminator or the line holds a CR that does not end
/// it (both make the line malformed).
bool nextLine(std::string_view text, std::size_t &pos, std::string_view &line)
{
    const std::size_t end = findLineBreak(text, pos);
    if (end == text.size())
        return false;
    std::size_t next = end + 1;
    if (text[end] == '\r') {
        if (next == text.size() || text[next] != '\n')
            return false;
        ++next;
    }
    line = text.substr(pos, end - pos);
    pos = next;
    return true;
}

// The body framed by Content-Length (§18.3, §20.14); without one, the rest of the datagram.
// Several Content-Length fields that agree frame the body as one would. Several that disagree
// leave the datagram to frame the message (the rest is the body): the message stays well formed
// so that MessageValidator can answer the 400 that RFC 4475 §3.3.9 asks for. \a fields from
// \a first to \a last (inclusive) hold every Content-Length field, when there is one.
Result<std::string_view> frameBody(const std::vector<HeaderField> &fields,
                                   std::size_t first,
                                   std::size_t last,
                                   std::string_view rest)
{
    std::optional<std::size_t> length;
    bool conflicting = false;
    for (std::size_t index = first; index <= last && index < fields.size(); ++index) {
        const HeaderField &field = fields[index];
        if (field.id != HeaderId::ContentLength)
            continue;
        const std::string_view digits = field.value;
        if (digits.empty() || span(digits, Digit) != digits.size())
            return SyntaxError::BadContentLength;
        std::uint32_t value = 0;
        if (!parseNumber(digits, value))
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

// The first error, in field order, of the fields the acceptance checks look at; gathered while
// the values are parsed.
struct FieldErrors
{
    std::error_code required = NoError;     // Via, From, To, Call-ID, CSeq
    std::error_code via = NoError;          // Via alone
    std::error_code nameAddrList = NoError; // Contact, Route, Record-Route

    void add(const HeaderField &field)
    {
        if (!field.error)
            return;
        switch (field.id) {
        case HeaderId::Via:
            via = via ? via : field.error;
            [[fallthrough]];
        case HeaderId::From:
        case HeaderId::To:
        case HeaderId::CallId:
        case HeaderId::CSeq:
            required = required ? required : field.error;
            break;
        case HeaderId::Contact:
        case HeaderId::Route:
        case HeaderId::RecordRoute:
            nameAddrList = nameAddrList ? nameAddrList : field.error;
            break;
        default:
            break;
        }
    }
};

// Contact, Route and Record-Route, when present: every element a name-addr; Contact may
// instead be a lone "*" (§20.10).
std::error_code checkNameAddrLists(const SipMessage &message, const FieldErrors &errors)
{
    if (errors.nameAddrList)
        return errors.nameAddrList;
    bool star = false;
    std::size_t contacts = 0;
    message.forEachValue(HeaderId::Contact, [&](const HeaderValue &value) {
        ++contacts;
        star = star || value.as<std::string_view>() != nullptr;
    });
    if (star && contacts > 1)
        return SyntaxError::BadNameAddr;
    return NoError;
}

// A response is checked in full: nobody can answer it, so one that the layers above could not
// match or use (a mandatory header missing, repeated or malformed) is dropped here.
std::error_code checkResponseHeaders(const Response &response, const FieldErrors &errors)
{
    if (auto via = response.topViaView(); !via)
        return via.error();
    if (errors.via)
        return errors.via;
    if (auto from = response.fromView(); !from)
        return from.error();
    if (auto to = response.toView(); !to)
        return to.error();
    if (auto callId = response.callIdView(); !callId)
        return callId.error();
    if (auto cseq = response.cseqView(); !cseq)
        return cseq.error();
    return checkNameAddrLists(response, errors);
}

// A request is checked for well-formedness only. Via and CSeq must be present: without them no
// transaction can be matched and no response routed, so nobody could answer it. A missing or
// repeated From, To or Call-ID is well formed and left to MessageValidator, which answers 400
// (RFC 4475 §3.3.1, §3.3.8); every field that is present must parse.
std::error_code checkRequestHeaders(const Request &request, const FieldErrors &errors)
{
    if (errors.required)
        return errors.required;
    if (!request.hasHeader(HeaderId::Via) || !request.hasHeader(HeaderId::CSeq))
        return SyntaxError::MissingHeader;
    if (const auto error = checkNameAddrLists(request, errors))
        return error;
    // The CSeq method matches the request's (§8.1.1.5), ACK and CANCEL included (§17.1.1.3,
    // §9.1); every CSeq field counts, so a repeated one cannot hide a mismatch.
    std::error_code mismatch = NoError;
    request.forEachValue(HeaderId::CSeq, [&](const HeaderValue &value) {
        if (value.as<CSeqView>()->method != request.method)
            mismatch = SyntaxError::BadCSeq;
    });
    return mismatch;
}

} // namespace

/// The parser's access to a message's buffers.
class MessageReader
{
public:
    // Request-Line = Method SP Request-URI SP SIP-Version (§7.1): exactly two single spaces.
    static std::error_code requestLine(std::string_view line, Request &request)
    {
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
        if (span(method, Token) != method.size())
            return SyntaxError::BadMethod;
        // Any well-formed URI: a scheme the element does not serve is answered 416 by the
        // layer above (RFC 3261 §8.2.2.1, RFC 4475 §3.3.2), which needs the request to do so.
        // Read in place: parse() left m_requestUri default-constructed, as read() needs.
        if (const auto error = UriView::read(uri, request.m_requestUri)) {
            request.m_requestUri = UriView{};
            return limitOr(error, SyntaxError::BadRequestUri);
        }
        request.method.assign(method);
        return NoError;
    }

    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase (§7.2); the phrase may be
    // empty.
    static std::error_code statusLine(std::string_view line, Response &response)
    {
        const std::size_t first = line.find(' ');
        if (first == std::string_view::npos)
            return SyntaxError::BadStartLine;
        if (!equalsIgnoreCase(line.substr(0, first), SipVersion))
            return SyntaxError::BadVersion;
        const std::size_t second = line.find(' ', first + 1);
        const std::string_view code
                = line.substr(first + 1, second == std::string_view::npos ? std::string_view::npos
                                                                          : second - first - 1);
        std::uint32_t status = 0;
        if (code.size() != 3 || !parseNumber(code, status) || status < 100 || status > 699)
            return SyntaxError::BadStatusCode;
        if (second == std::string_view::npos)
            return SyntaxError::BadStartLine;
        response.statusCode = static_cast<int>(status);
        response.reasonPhrase.assign(line.substr(second + 1));
        return NoError;
    }

    // message-header lines up to the empty line (§7.3): name HCOLON value. A folded line is
    // joined to its field in place, with one space, inside the message's own buffer.
    static std::error_code headerFields(SipMessage &message, std::size_t &pos)
    {
        std::string &buffer = message.m_text;
        const std::string_view text = buffer;
        std::vector<HeaderField> &fields = message.m_fields;
        std::string_view line;
        while (true) {
            if (!nextLine(text, pos, line))
                return SyntaxError::BadHeaderLine; // the header section is not terminated
            if (line.empty())
                return NoError;
            if (isWhitespace(line.front())) {
                if (fields.empty())
                    return SyntaxError::BadHeaderLine;
                const std::string_view continuation = trim(line);
                std::string_view &value = fields.back().value;
                if (continuation.empty())
                    continue;
                if (value.size() + continuation.size() + 1 > MessageParser::MaxLineLength)
                    return SyntaxError::LineTooLong;
                // The continuation moves left, behind the value and one space: the line break
                // between them is overwritten, and what follows is not read again.
                char *const end = buffer.data() + (value.data() - buffer.data()) + value.size();
                char *out = end;
                if (!value.empty())
                    *out++ = ' ';
                std::memmove(out, continuation.data(), continuation.size());
                out += continuation.size();
                value = std::string_view(value.data(),
                                         static_cast<std::size_t>(out - value.data()));
                continue;
            }
            if (line.size() > MessageParser::MaxLineLength)
                return SyntaxError::LineTooLong;
            if (fields.size() == MessageParser::MaxHeaderFields)
                return SyntaxError::TooManyHeaders;
            // name HCOLON: a token, then whitespace up to the colon. The line does not start
            // with whitespace, so this is the trimmed text before the first colon.
            const std::size_t nameEnd = span(line, Token);
            const std::size_t colon = skipWhitespace(line, nameEnd);
            if (nameEnd == 0 || colon == line.size() || line[colon] != ':')
                return SyntaxError::BadHeaderLine;
            const std::string_view name = line.substr(0, nameEnd);
            HeaderField &field = fields.emplace_back();
            field.id = headerIdOf(name);
            field.name = name;
            field.value = trim(line.substr(colon + 1));
            message.indexLastField();
        }
    }

    static std::error_code parse(std::string_view datagram, SipMessageVariant &out)
    {
        if (datagram.size() > MessageParser::MaxMessageSize)
            return SyntaxError::MessageTooLarge;
        std::size_t start = 0;
        while (start < datagram.size() && (datagram[start] == '\r' || datagram[start] == '\n'))
            ++start; // CRLFs may precede a start line (RFC 3261 §7.5)
        if (start == datagram.size())
            return SyntaxError::EmptyMessage;

        // A status line starts with the version; a method cannot contain '/', so nothing else
        // does.
        const bool isResponse = datagram.size() - start >= 4
                                && equalsIgnoreCase(datagram.substr(start, 4), "SIP/");
        if (isResponse && !std::holds_alternative<Response>(out))
            out.emplace<Response>();
        else if (!isResponse && !std::holds_alternative<Request>(out))
            out.emplace<Request>();
        SipMessage &message = std::visit([](auto &m) -> SipMessage & { return m; }, out);
        message.m_text.assign(datagram);
        message.m_fields.clear();
        message.m_present = 0;
        message.m_values.clear();
        message.m_body = {};
        if (!isResponse) // a response's Request-URI is never set: it is still the default
            message.m_requestUri = UriView{};
        const std::string_view text = message.m_text;

        std::size_t pos = start;
        std::string_view startLine;
        if (!nextLine(text, pos, startLine))
            return SyntaxError::BadStartLine;
        const std::error_code startLineError
                = isResponse ? statusLine(startLine, std::get<Response>(out))
                             : requestLine(startLine, std::get<Request>(out));
        if (startLineError)
            return startLineError;

        if (const auto error = headerFields(message, pos))
            return error;
        const bool hasContentLength = message.isPresent(HeaderId::ContentLength);
        const SipMessage::FieldSpan &lengths
                = message.m_spans[static_cast<std::size_t>(HeaderId::ContentLength)];
        const auto body = frameBody(message.m_fields, hasContentLength ? lengths.first : 1,
                                    hasContentLength ? lengths.last : 0, text.substr(pos));
        if (!body)
            return body.error();
        message.m_body = *body;
        FieldErrors errors;
        for (HeaderField &field : message.m_fields) {
            message.parseValues(field);
            errors.add(field);
        }

        return isResponse ? checkResponseHeaders(std::get<Response>(out), errors)
                          : checkRequestHeaders(std::get<Request>(out), errors);
    }
};

Result<SipMessageVariant> MessageParser::parseDatagram(std::string_view datagram)
{
    SipMessageVariant message;
    if (const auto error = parseDatagram(datagram, message))
        return error;
    return message;
}

std::error_code MessageParser::parseDatagram(std::string_view datagram, SipMessageVariant &out)
{
    return MessageReader::parse(datagram, out);
}

} // namespace sipcore
