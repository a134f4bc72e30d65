#include "sipcore/syntax/sipmessage.h"

#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

#include <algorithm>
#include <array>
#include <charconv>

namespace sipcore {

namespace {

using lexical::isWhitespace;
using lexical::trim;

// Headers whose grammar allows an unquoted comma inside one value: credentials and challenges
// (auth-param lists, RFC 3261 §20.7, §20.27, §20.28, §20.44; RFC 2617 §3.2.3), the RFC 1123
// date, and free text or product comments. Each field of these is one value.
constexpr std::array<std::string_view, 10> NonSplittingHeaders = {
        "Authorization",      "Authentication-Info", "Date",   "Organization",
        "Proxy-Authenticate", "Proxy-Authorization", "Server", "Subject",
        "User-Agent",         "WWW-Authenticate",
};

bool isNonSplitting(std::string_view name)
{
    return std::ranges::any_of(NonSplittingHeaders,
                               [&](std::string_view n) { return headerNameEquals(name, n); });
}

// Splits a field value at the commas outside quoted strings and <> (RFC 3261 §7.3.1), each
// element trimmed. Empty elements are kept so that callers can reject them.
void splitList(std::string_view value, std::vector<std::string_view> &out)
{
    bool inQuotes = false;
    bool inAngles = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        if (inQuotes) {
            if (c == '\\')
                ++i; // a quoted-pair; the loop bound keeps a trailing '\' in range
            else if (c == '"')
                inQuotes = false;
        } else if (c == '"') {
            inQuotes = true;
        } else if (c == '<') {
            inAngles = true;
        } else if (c == '>') {
            inAngles = false;
        } else if (c == ',' && !inAngles) {
            out.push_back(trim(value.substr(start, i - start)));
            start = i + 1;
        }
    }
    out.push_back(trim(value.substr(start)));
}

// Every element of every field of that name, in order; empty elements included.
std::vector<std::string_view> listElements(const std::vector<HeaderField> &fields,
                                           std::string_view name)
{
    std::vector<std::string_view> elements;
    const bool split = !isNonSplitting(name);
    for (const HeaderField &field : fields) {
        if (!headerNameEquals(field.name, name))
            continue;
        if (split)
            splitList(field.value, elements);
        else
            elements.push_back(trim(field.value));
    }
    return elements;
}

// The value of a header that may appear once (From, To, Call-ID, CSeq, Max-Forwards).
// Repeating it is as wrong as malforming it, so both give the header's own error.
Result<std::string_view>
singleValue(const std::vector<HeaderField> &fields, std::string_view name, SyntaxError malformed)
{
    const HeaderField *found = nullptr;
    for (const HeaderField &field : fields) {
        if (!headerNameEquals(field.name, name))
            continue;
        if (found)
            return malformed;
        found = &field;
    }
    if (!found)
        return SyntaxError::MissingHeader;
    return trim(found->value);
}

Result<std::vector<NameAddr>> nameAddrList(const std::vector<HeaderField> &fields,
                                           std::string_view name)
{
    const auto elements = listElements(fields, name);
    if (elements.empty())
        return SyntaxError::MissingHeader;
    std::vector<NameAddr> result;
    result.reserve(elements.size());
    for (const std::string_view element : elements) {
        auto nameAddr = NameAddr::parse(element);
        if (!nameAddr)
            return nameAddr.error();
        result.push_back(std::move(*nameAddr));
    }
    return result;
}

// Writes text with CR and LF, which no field can carry, as spaces, so that a value set by the
// application can never start a header field of its own.
void appendLineSafe(std::string &out, std::string_view text)
{
    for (const char c : text)
        out += (c == '\r' || c == '\n') ? ' ' : c;
}

} // namespace

std::optional<std::string_view> SipMessage::header(std::string_view name) const
{
    for (const HeaderField &field : m_headers) {
        if (headerNameEquals(field.name, name))
            return std::string_view(field.value);
    }
    return std::nullopt;
}

std::vector<std::string_view> SipMessage::headerValues(std::string_view name) const
{
    auto elements = listElements(m_headers, name);
    std::erase_if(elements, [](std::string_view element) { return element.empty(); });
    return elements;
}

bool SipMessage::hasHeader(std::string_view name) const
{
    return header(name).has_value();
}

void SipMessage::addHeader(std::string_view name, std::string_view value)
{
    m_headers.push_back({std::string(name), std::string(value)});
}

void SipMessage::prependHeader(std::string_view name, std::string_view value)
{
    const auto first = std::ranges::find_if(m_headers, [&](const HeaderField &field) {
        return headerNameEquals(field.name, name);
    });
    m_headers.insert(first, {std::string(name), std::string(value)});
}

void SipMessage::setHeader(std::string_view name, std::string_view value)
{
    const auto first = std::ranges::find_if(m_headers, [&](const HeaderField &field) {
        return headerNameEquals(field.name, name);
    });
    if (first == m_headers.end()) {
        addHeader(name, value);
        return;
    }
    const auto index = first - m_headers.begin();
    std::erase_if(m_headers,
                  [&](const HeaderField &field) { return headerNameEquals(field.name, name); });
    m_headers.insert(m_headers.begin() + index, {std::string(name), std::string(value)});
}

void SipMessage::removeHeader(std::string_view name)
{
    std::erase_if(m_headers,
                  [&](const HeaderField &field) { return headerNameEquals(field.name, name); });
}

Result<Via> SipMessage::topVia() const
{
    for (const HeaderField &field : m_headers) {
        if (!headerNameEquals(field.name, "Via"))
            continue;
        std::vector<std::string_view> elements;
        splitList(field.value, elements);
        auto via = Via::parse(elements.front());
        if (!via)
            return SyntaxError::BadVia;
        return via;
    }
    return SyntaxError::MissingHeader;
}

Result<std::vector<Via>> SipMessage::vias() const
{
    const auto elements = listElements(m_headers, "Via");
    if (elements.empty())
        return SyntaxError::MissingHeader;
    std::vector<Via> result;
    result.reserve(elements.size());
    for (const std::string_view element : elements) {
        auto via = Via::parse(element);
        if (!via)
            return SyntaxError::BadVia;
        result.push_back(std::move(*via));
    }
    return result;
}

Result<NameAddr> SipMessage::from() const
{
    const auto value = singleValue(m_headers, "From", SyntaxError::BadNameAddr);
    if (!value)
        return value.error();
    return NameAddr::parse(*value);
}

Result<NameAddr> SipMessage::to() const
{
    const auto value = singleValue(m_headers, "To", SyntaxError::BadNameAddr);
    if (!value)
        return value.error();
    return NameAddr::parse(*value);
}

Result<std::string> SipMessage::callId() const
{
    // callid = word [ "@" word ] (§25.1): printable, no whitespace.
    const auto value = singleValue(m_headers, "Call-ID", SyntaxError::BadHeaderValue);
    if (!value)
        return value.error();
    if (value->empty() || std::ranges::any_of(*value, [](char c) {
            const auto octet = static_cast<unsigned char>(c);
            return octet <= 0x20 || octet >= 0x7f;
        }))
        return SyntaxError::BadHeaderValue;
    return std::string(*value);
}

Result<CSeq> SipMessage::cseq() const
{
    const auto value = singleValue(m_headers, "CSeq", SyntaxError::BadCSeq);
    if (!value)
        return value.error();
    return CSeq::parse(*value);
}

Result<std::vector<NameAddr>> SipMessage::contacts() const
{
    return nameAddrList(m_headers, "Contact");
}

Result<std::vector<NameAddr>> SipMessage::routes() const
{
    return nameAddrList(m_headers, "Route");
}

Result<std::vector<NameAddr>> SipMessage::recordRoutes() const
{
    return nameAddrList(m_headers, "Record-Route");
}

Result<std::uint32_t> SipMessage::maxForwards() const
{
    const auto value = singleValue(m_headers, "Max-Forwards", SyntaxError::BadNumber);
    if (!value)
        return value.error();
    std::uint32_t number = 0;
    const char *const end = value->data() + value->size();
    if (value->empty() || value->front() < '0' || value->front() > '9')
        return SyntaxError::BadNumber;
    const auto [last, ec] = std::from_chars(value->data(), end, number);
    if (ec != std::errc() || last != end)
        return SyntaxError::BadNumber;
    return number;
}

void SipMessage::serializeHeadersAndBody(std::string &out) const
{
    const std::string contentLength = std::to_string(m_body.size());
    bool wroteContentLength = false;
    for (const HeaderField &field : m_headers) {
        const bool isContentLength = headerNameEquals(field.name, "Content-Length");
        if (isContentLength && wroteContentLength)
            continue;
        appendLineSafe(out, field.name);
        out += ": ";
        if (isContentLength) {
            out += contentLength;
            wroteContentLength = true;
        } else {
            appendLineSafe(out, field.value);
        }
        out += "\r\n";
    }
    if (!wroteContentLength) {
        out += "Content-Length: ";
        out += contentLength;
        out += "\r\n";
    }
    out += "\r\n";
    out += m_body;
}

std::string Request::serialize() const
{
    std::string out;
    appendLineSafe(out, method);
    out += ' ';
    appendLineSafe(out, requestUri.toString());
    out += " SIP/2.0\r\n";
    serializeHeadersAndBody(out);
    return out;
}

std::string Response::serialize() const
{
    std::string out = "SIP/2.0 ";
    out += std::to_string(statusCode);
    out += ' ';
    appendLineSafe(out, reasonPhrase);
    out += "\r\n";
    serializeHeadersAndBody(out);
    return out;
}

std::string_view defaultReasonPhrase(int statusCode)
{
    // RFC 3261 §21, with the codes of later RFCs that the IANA registry lists beside them.
    switch (statusCode) {
    case 100:
        return "Trying";
    case 180:
        return "Ringing";
    case 181:
        return "Call Is Being Forwarded";
    case 182:
        return "Queued";
    case 183:
        return "Session Progress";
    case 199:
        return "Early Dialog Terminated"; // RFC 6228
    case 200:
        return "OK";
    case 202:
        return "Accepted"; // RFC 3265
    case 204:
        return "No Notification"; // RFC 5839
    case 300:
        return "Multiple Choices";
    case 301:
        return "Moved Permanently";
    case 302:
        return "Moved Temporarily";
    case 305:
        return "Use Proxy";
    case 380:
        return "Alternative Service";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 402:
        return "Payment Required";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 406:
        return "Not Acceptable";
    case 407:
        return "Proxy Authentication Required";
    case 408:
        return "Request Timeout";
    case 410:
        return "Gone";
    case 412:
        return "Conditional Request Failed"; // RFC 3903
    case 413:
        return "Request Entity Too Large";
    case 414:
        return "Request-URI Too Long";
    case 415:
        return "Unsupported Media Type";
    case 416:
        return "Unsupported URI Scheme";
    case 420:
        return "Bad Extension";
    case 421:
        return "Extension Required";
    case 422:
        return "Session Interval Too Small"; // RFC 4028
    case 423:
        return "Interval Too Brief";
    case 480:
        return "Temporarily Unavailable";
    case 481:
        return "Call/Transaction Does Not Exist";
    case 482:
        return "Loop Detected";
    case 483:
        return "Too Many Hops";
    case 484:
        return "Address Incomplete";
    case 485:
        return "Ambiguous";
    case 486:
        return "Busy Here";
    case 487:
        return "Request Terminated";
    case 488:
        return "Not Acceptable Here";
    case 489:
        return "Bad Event"; // RFC 6665
    case 491:
        return "Request Pending";
    case 493:
        return "Undecipherable";
    case 500:
        return "Server Internal Error";
    case 501:
        return "Not Implemented";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Server Time-out";
    case 505:
        return "Version Not Supported";
    case 513:
        return "Message Too Large";
    case 580:
        return "Precondition Failure"; // RFC 3312
    case 600:
        return "Busy Everywhere";
    case 603:
        return "Decline";
    case 604:
        return "Does Not Exist Anywhere";
    case 606:
        return "Not Acceptable";
    default:
        return {};
    }
}

} // namespace sipcore

namespace sipcore {

void SipMessage::setTopVia(const Via &via)
{
    for (HeaderField &field : m_headers) {
        if (!headerNameEquals(field.name, "Via"))
            continue;
        std::vector<std::string_view> elements;
        splitList(field.value, elements);
        std::string value = via.toString();
        for (std::size_t i = 1; i < elements.size(); ++i)
            value.append(", ").append(elements[i]);
        field.value = std::move(value);
        return;
    }
    prependHeader("Via", via.toString());
}

} // namespace sipcore
