#include "sipcore/syntax/messagevalidator.h"

#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

#include <algorithm>
#include <array>

namespace sipcore {

namespace {

using lexical::isWhitespace;
using lexical::trim;

// The single-valued headers whose repetition RFC 4475 §3.3.8 has the UAS refuse, in the order of
// RFC 3261 §8.1.1, with Content-Length (§20.14) after them.
constexpr std::array<std::string_view, 6> SingleValued
        = {"To", "From", "CSeq", "Call-ID", "Max-Forwards", "Content-Length"};
// The headers every request carries (§8.1.1). Max-Forwards is left out: an RFC 2543 request
// has none and must still be served (RFC 4475 §3.4.1).
constexpr std::array<std::string_view, 5> Mandatory = {"To", "From", "CSeq", "Call-ID", "Via"};

std::size_t fieldCount(const SipMessage &message, std::string_view name)
{
    return static_cast<std::size_t>(
            std::ranges::count_if(message.headerFields(), [&](const HeaderField &field) {
                return headerNameEquals(field.name, name);
            }));
}

// Requests that establish a dialog, whose Contact holds exactly one URI (RFC 3261 §8.1.1.8,
// RFC 6665 §4.1.2.1 for SUBSCRIBE, RFC 3515 §2.4.1 for REFER).
bool createsDialog(std::string_view method)
{
    return method == "INVITE" || method == "SUBSCRIBE" || method == "REFER";
}

// "Missing " or "Duplicate " followed by the names, comma-separated.
std::string listPhrase(std::string_view prefix, const std::vector<std::string_view> &names)
{
    std::string phrase(prefix);
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0)
            phrase += ", ";
        phrase += names[i];
    }
    return phrase;
}

MessageValidator::Verdict verdict(std::error_code error, int statusCode, std::string reasonPhrase)
{
    MessageValidator::Verdict result;
    result.error = error;
    result.statusCode = statusCode;
    result.reasonPhrase = std::move(reasonPhrase);
    return result;
}

// CSeq read leniently: 1*DIGIT LWS token, the number not range-checked (RFC 4475 §3.1.2.4 has a
// CSeq beyond 32 bits and still wants its 400 answered).
std::optional<std::string_view> lenientCSeqMethod(std::string_view value)
{
    value = trim(value);
    std::size_t i = 0;
    while (i < value.size() && value[i] >= '0' && value[i] <= '9')
        ++i;
    if (i == 0 || i == value.size() || !isWhitespace(value[i]))
        return std::nullopt;
    const std::string_view method = trim(value.substr(i));
    if (!isToken(method))
        return std::nullopt;
    return method;
}

// The first element of a Via field: up to the first comma outside a quoted string.
std::string_view firstViaElement(std::string_view value)
{
    bool inQuotes = false;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (inQuotes && c == '\\')
            ++i;
        else if (c == '"')
            inQuotes = !inQuotes;
        else if (c == ',' && !inQuotes)
            return trim(value.substr(0, i));
    }
    return trim(value);
}

// A via-parm read leniently, for routing a stateless answer: any protocol name and version
// (RFC 4475 §3.1.2.16 sends SIP/7.0 and wants its 505), a sent-by that parses, and whichever
// parameters parse (RFC 4475 §3.1.2.1's ";;" is skipped).
std::optional<Via> salvageVia(std::string_view text)
{
    if (auto via = Via::parse(text); via.ok())
        return std::move(*via);
    text = trim(text);
    std::size_t i = 0;
    const std::size_t n = text.size();
    auto skipWhitespace = [&] {
        while (i < n && isWhitespace(text[i]))
            ++i;
    };
    auto readToken = [&] {
        const std::size_t start = i;
        while (i < n && isToken(text.substr(i, 1)))
            ++i;
        return text.substr(start, i - start);
    };
    std::string_view transport;
    for (int part = 0; part < 3; ++part) {
        skipWhitespace();
        const std::string_view token = readToken();
        if (token.empty())
            return std::nullopt;
        skipWhitespace();
        if (part < 2) {
            if (i >= n || text[i] != '/')
                return std::nullopt;
            ++i;
        } else {
            transport = token;
        }
    }
    const std::string_view rest = text.substr(i);
    const std::size_t semicolon = rest.find(';');
    const std::string_view sentBy = trim(rest.substr(0, semicolon));
    std::string joined;
    // "host : port" as Via::parse reads it; an IPv6 reference keeps its colons.
    const std::size_t portColon
            = sentBy.starts_with('[') ? sentBy.find(':', std::min(sentBy.find(']'), sentBy.size()))
                                      : sentBy.find(':');
    if (portColon == std::string_view::npos) {
        joined = std::string(sentBy);
    } else {
        joined = std::string(trim(sentBy.substr(0, portColon)));
        joined += ':';
        joined += trim(sentBy.substr(portColon + 1));
    }
    const auto hostPort = parseHostPort(joined);
    if (!hostPort)
        return std::nullopt;

    Via via;
    via.transport = lexical::raised(transport);
    via.host = hostPort->host;
    via.port = hostPort->port;
    std::string_view params
            = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
    while (!params.empty()) {
        const std::size_t next = params.find(';');
        const std::string_view piece = trim(params.substr(0, next));
        Parameters one;
        if (!piece.empty() && one.parse(piece) && one.items().size() == 1) {
            const Parameters::Parameter &p = one.items().front();
            if (!via.parameters.has(p.name))
                via.parameters.set(p.name, p.value ? std::optional<std::string_view>(*p.value)
                                                   : std::nullopt);
        }
        params = next == std::string_view::npos ? std::string_view() : params.substr(next + 1);
    }
    return via;
}

// The request-line and header fields of a datagram, read leniently: runs of whitespace
// separate the request-line's parts, folded lines are joined, lines without a colon or with a
// name that is not a token are skipped, and reading stops at the first empty line or the end.
struct RawRequest
{
    Request request; // method and header fields only
    std::string_view version;
    bool headerSectionTerminated = false;
};

std::optional<RawRequest> readLeniently(std::string_view datagram)
{
    std::size_t pos = 0;
    while (pos < datagram.size() && (datagram[pos] == '\r' || datagram[pos] == '\n'))
        ++pos;
    auto nextLine = [&]() -> std::optional<std::string_view> {
        if (pos >= datagram.size())
            return std::nullopt;
        const std::size_t lf = datagram.find('\n', pos);
        const std::size_t end = lf == std::string_view::npos ? datagram.size() : lf;
        std::string_view line = datagram.substr(pos, end - pos);
        pos = lf == std::string_view::npos ? datagram.size() : lf + 1;
        if (line.ends_with('\r'))
            line.remove_suffix(1);
        return line;
    };

    const auto startLine = nextLine();
    if (!startLine)
        return std::nullopt;
    // A response is never answered, and one starts with its version (a method has no '/').
    if (startLine->size() >= 4 && equalsIgnoreCase(startLine->substr(0, 4), "SIP/"))
        return std::nullopt;
    std::vector<std::string_view> parts;
    for (std::size_t i = 0; i < startLine->size();) {
        if (isWhitespace((*startLine)[i])) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        while (i < startLine->size() && !isWhitespace((*startLine)[i]))
            ++i;
        parts.push_back(startLine->substr(start, i - start));
    }
    if (parts.size() < 2)
        return std::nullopt;

    RawRequest raw;
    raw.request.method = std::string(parts.front());
    if (parts.size() >= 3)
        raw.version = parts.back();
    std::vector<HeaderLine> fields;
    while (const auto line = nextLine()) {
        if (line->empty()) {
            raw.headerSectionTerminated = true;
            break;
        }
        if (isWhitespace(line->front())) {
            if (!fields.empty()) {
                const std::string_view continuation = trim(*line);
                if (!continuation.empty()) {
                    if (!fields.back().value.empty())
                        fields.back().value += ' ';
                    fields.back().value += continuation;
                }
            }
            continue;
        }
        const std::size_t colon = line->find(':');
        if (colon == std::string_view::npos)
            continue;
        const std::string_view name = trim(line->substr(0, colon));
        if (!isToken(name))
            continue;
        fields.push_back({std::string(name), std::string(trim(line->substr(colon + 1)))});
    }
    for (const HeaderLine &field : fields)
        raw.request.addHeader(field.name, field.value);
    return raw;
}

// The name of the first name-addr header that does not parse, in the order MessageParser
// checks them: From and To field by field, then the Contact, Route and Record-Route lists.
std::string_view malformedNameAddrHeader(const Request &request)
{
    for (const HeaderField &field : request.headerFields()) {
        for (const std::string_view name : {"From", "To"}) {
            if (headerNameEquals(field.name, name) && !NameAddr::parse(field.value))
                return name;
        }
    }
    if (auto contacts = request.contacts();
        !contacts && contacts.error() != SyntaxError::MissingHeader
        && request.headerValues("Contact") != std::vector<std::string_view>{"*"})
        return "Contact";
    if (auto routes = request.routes(); !routes && routes.error() != SyntaxError::MissingHeader)
        return "Route";
    if (auto recordRoutes = request.recordRoutes();
        !recordRoutes && recordRoutes.error() != SyntaxError::MissingHeader)
        return "Record-Route";
    return "Name-Addr";
}

// The reason phrase of a 400 for a parse error (RFC 3261 §21.4.1 lets the phrase say what is
// wrong); raw is the datagram as read leniently, to tell which header a shape error is in.
std::string badRequestPhrase(std::error_code parseError, const RawRequest &raw)
{
    if (parseError.category() != syntaxCategory())
        return "Bad Request";
    switch (static_cast<SyntaxError>(parseError.value())) {
    case SyntaxError::BadStartLine:
        return "Malformed Request-Line";
    case SyntaxError::BadMethod:
        return "Malformed Method";
    case SyntaxError::BadRequestUri:
        return "Malformed Request-URI";
    case SyntaxError::BadHeaderLine:
        return raw.headerSectionTerminated ? "Malformed Header Line"
                                           : "Header Section Not Terminated";
    case SyntaxError::BadHeaderValue:
        return "Malformed Call-ID"; // the one header the parser checks as a plain value
    case SyntaxError::MissingHeader:
        return raw.request.hasHeader("Via") ? "Missing CSeq" : "Missing Via";
    case SyntaxError::BadContentLength:
        return "Bad Content-Length";
    case SyntaxError::BodyTooShort:
        return "Body Shorter Than Content-Length";
    case SyntaxError::BadVia:
        return "Malformed Via";
    case SyntaxError::BadNameAddr:
        return "Malformed " + std::string(malformedNameAddrHeader(raw.request));
    case SyntaxError::BadCSeq:
        return "Malformed CSeq";
    case SyntaxError::BadUri:
        return "Malformed URI";
    case SyntaxError::BadNumber:
        return "Malformed Number";
    case SyntaxError::DuplicateHeader:
        return "Duplicate Header";
    default:
        return "Bad Request";
    }
}

// The response to request: status line, Via fields, the first From, To (tagged), Call-ID and
// CSeq, then extra.
Response buildResponse(const Request &request,
                       int statusCode,
                       std::string_view reasonPhrase,
                       const std::vector<HeaderLine> &extra,
                       std::string_view toTag)
{
    Response response;
    response.statusCode = statusCode;
    response.reasonPhrase = std::string(reasonPhrase);
    for (const HeaderField &field : request.headerFields()) {
        if (headerNameEquals(field.name, "Via"))
            response.addHeader("Via", field.value);
    }
    for (const std::string_view name : {"From", "To", "Call-ID", "CSeq"}) {
        const auto value = request.header(name);
        if (!value)
            continue;
        std::string copied(*value);
        // §8.2.6.2: a tag on To unless it has one, appended as written so that the value stays
        // what the client sent; a To that does not parse cannot take one and is copied as is.
        if (name == "To" && !toTag.empty() && statusCode > 100) {
            const auto to = NameAddr::parse(copied);
            if (to.ok() && !to->tag()) {
                copied += ";tag=";
                copied += toTag;
            }
        }
        response.addHeader(name, copied);
    }
    for (const HeaderLine &field : extra)
        response.addHeader(field.name, field.value);
    return response;
}

} // namespace

MessageValidator::MessageValidator(Configuration configuration)
    : m_configuration(std::move(configuration))
{}

bool MessageValidator::implements(std::string_view method) const
{
    if (trim(m_configuration.allow).empty())
        return true;
    std::string_view allow = m_configuration.allow;
    while (true) {
        const std::size_t comma = allow.find(',');
        if (trim(allow.substr(0, comma)) == method) // methods are case-sensitive (§7.1)
            return true;
        if (comma == std::string_view::npos)
            return false;
        allow.remove_prefix(comma + 1);
    }
}

MessageValidator::Verdict MessageValidator::check(const Request &request) const
{
    const auto notImplemented = [&] {
        Verdict unknown = verdict(SyntaxError::UnsupportedMethod, 501, "Method Not Implemented");
        unknown.headers.push_back({"Allow", m_configuration.allow});
        return unknown;
    };
    Verdict result = [&]() -> Verdict {
        // Framing first: with two Content-Lengths nobody knows where the body ends.
        if (fieldCount(request, "Content-Length") > 1) {
            const auto values = request.headerValues("Content-Length");
            const bool agree = std::ranges::all_of(
                    values, [&](std::string_view value) { return value == values.front(); });
            if (!agree)
                return verdict(SyntaxError::BadContentLength, 400, "Conflicting Content-Length");
        }

        std::vector<std::string_view> names;
        for (const std::string_view name : Mandatory) {
            if (!request.hasHeader(name))
                names.push_back(name);
        }
        if (!names.empty())
            return verdict(SyntaxError::MissingHeader, 400, listPhrase("Missing ", names));

        for (const std::string_view name : SingleValued) {
            if (fieldCount(request, name) > 1)
                names.push_back(name);
        }
        if (createsDialog(request.method) && request.headerValues("Contact").size() > 1)
            names.push_back("Contact");
        if (!names.empty())
            return verdict(SyntaxError::DuplicateHeader, 400, listPhrase("Duplicate ", names));

        // Well formed, as the parser guarantees; a request built by hand may not be.
        const std::array<std::pair<std::string_view, std::error_code>, 5> shapes = {{
                {"To", request.to().error()},
                {"From", request.from().error()},
                {"CSeq", request.cseq().error()},
                {"Call-ID", request.callId().error()},
                {"Via", request.vias().error()},
        }};
        for (const auto &[name, error] : shapes) {
            if (error)
                return verdict(error, 400, "Malformed " + std::string(name));
        }

        if (request.cseq()->method != request.method) {
            if (!implements(request.method))
                return notImplemented();
            return verdict(SyntaxError::BadCSeq, 400, "CSeq Method Mismatch");
        }
        if (request.requestUriView().isSip() && !request.requestUriView().headers.empty())
            return verdict(SyntaxError::BadRequestUri, 400, "Headers Not Allowed In Request-URI");
        if (!implements(request.method))
            return notImplemented();
        if (!request.requestUriView().isSip() && !request.requestUriView().isTel())
            return verdict(SyntaxError::UnsupportedUriScheme, 416, "Unsupported URI Scheme");
        return {};
    }();
    if (result.error && request.method == "ACK") {
        result.statusCode = 0; // never answer an ACK: drop it
        result.reasonPhrase.clear();
        result.headers.clear();
    }
    return result;
}

Response MessageValidator::answer(const Request &request,
                                  const Verdict &verdict,
                                  std::string_view toTag) const
{
    return buildResponse(request, verdict.statusCode, verdict.reasonPhrase, verdict.headers, toTag);
}

std::optional<MessageValidator::StatelessAnswer> MessageValidator::answerUnparseable(
        std::string_view datagram, std::error_code parseError, std::string_view toTag) const
{
    if (!parseError)
        return std::nullopt;
    auto raw = readLeniently(datagram);
    if (!raw)
        return std::nullopt;
    const Request &request = raw->request;

    // Without a CSeq and a top Via there is no transaction to answer and nowhere to send to.
    const auto cseqValue = request.header("CSeq");
    const auto cseqMethod = cseqValue ? lenientCSeqMethod(*cseqValue) : std::nullopt;
    if (!cseqMethod || request.method == "ACK" || *cseqMethod == "ACK")
        return std::nullopt;
    const auto viaValue = request.header("Via");
    if (!viaValue)
        return std::nullopt;
    auto topVia = salvageVia(firstViaElement(*viaValue));
    if (!topVia)
        return std::nullopt;

    int statusCode = 400;
    std::string reasonPhrase;
    std::vector<HeaderLine> extra;
    if (parseError == SyntaxError::BadVersion) {
        statusCode = 505; // RFC 3261 §21.5.6, RFC 4475 §3.1.2.16
        reasonPhrase = "Version Not Supported";
    } else if (parseError == SyntaxError::MessageTooLarge) {
        statusCode = 513; // RFC 3261 §18.1.1, §21.5.9
        reasonPhrase = "Message Too Large";
    } else if (parseError == SyntaxError::UnsupportedUriScheme) {
        statusCode = 416;
        reasonPhrase = "Unsupported URI Scheme";
    } else if (parseError == SyntaxError::BadCSeq && *cseqMethod != request.method) {
        if (!implements(request.method)) {
            statusCode = 501; // RFC 4475 §3.1.2.18: 501 preferred over 400
            reasonPhrase = "Method Not Implemented";
            extra.push_back({"Allow", m_configuration.allow});
        } else {
            reasonPhrase = "CSeq Method Mismatch";
        }
    } else {
        reasonPhrase = badRequestPhrase(parseError, *raw);
    }
    return StatelessAnswer{buildResponse(request, statusCode, reasonPhrase, extra, toTag),
                           std::move(*topVia)};
}

} // namespace sipcore
