#include "sipcore/syntax/sipmessage.h"

#include "sipcore/syntax/headervalueparser.h"
#include "sipcore/syntax/lexical.h"
#include "sipcore/syntax/syntaxerror.h"

#include <algorithm>
#include <charconv>

namespace sipcore {

namespace {

using lexical::trim;

// Headers without a typed form that are still one value per field: free text and the like.
bool isWholeFieldText(HeaderId id)
{
    switch (id) {
    case HeaderId::Subject:
    case HeaderId::Organization:
    case HeaderId::Timestamp:
    case HeaderId::MimeVersion:
    case HeaderId::Identity:
        return true;
    default:
        return false;
    }
}

// Writes text with CR and LF, which no field can carry, as spaces, so that a value set by the
// application can never start a header field of its own.
void appendLineSafe(std::string &out, std::string_view text)
{
    const std::size_t start = out.size();
    out.append(text);
    for (std::size_t i = start; i < out.size(); ++i) {
        if (out[i] == '\r' || out[i] == '\n')
            out[i] = ' ';
    }
}

std::string_view rebased(std::string_view view, const char *oldBase, const char *base)
{
    if (view.data() == nullptr)
        return view;
    return {base + (view.data() - oldBase), view.size()};
}

template<class View, class Owned>
Result<Owned> ownedCopy(Result<const View *> view)
{
    if (!view)
        return view.error();
    return Owned::from(**view);
}

} // namespace

SipMessage::SipMessage(const SipMessage &other)
    : m_requestUri(other.m_requestUri)
    , m_text(other.m_text)
    , m_fields(other.m_fields)
    , m_body(other.m_body)
    , m_spans(other.m_spans)
    , m_present(other.m_present)
{
    rebase(other.m_text.data());
}

SipMessage::SipMessage(SipMessage &&other) noexcept
    : m_requestUri(other.m_requestUri)
    , m_fields(std::move(other.m_fields))
    , m_values(std::move(other.m_values))
    , m_body(other.m_body)
    , m_spans(other.m_spans)
    , m_present(other.m_present)
{
    other.m_fields.clear();
    other.m_present = 0;
    const char *const oldBase = other.m_text.data();
    m_text = std::move(other.m_text);
    if (m_text.data() != oldBase)
        rebase(oldBase); // a short text moved out of the small-string buffer
}

SipMessage &SipMessage::operator=(const SipMessage &other)
{
    if (this == &other)
        return *this;
    m_requestUri = other.m_requestUri;
    m_text = other.m_text; // reuses this buffer when it is large enough
    m_fields = other.m_fields;
    m_body = other.m_body;
    m_spans = other.m_spans;
    m_present = other.m_present;
    rebase(other.m_text.data());
    return *this;
}

SipMessage &SipMessage::operator=(SipMessage &&other) noexcept
{
    if (this == &other)
        return *this;
    m_requestUri = other.m_requestUri;
    m_fields = std::move(other.m_fields);
    m_values = std::move(other.m_values);
    m_body = other.m_body;
    m_spans = other.m_spans;
    m_present = other.m_present;
    other.m_fields.clear();
    other.m_present = 0;
    const char *const oldBase = other.m_text.data();
    m_text = std::move(other.m_text);
    if (m_text.data() != oldBase)
        rebase(oldBase);
    return *this;
}

void SipMessage::rebase(const char *oldBase)
{
    const char *const base = m_text.data();
    for (HeaderField &field : m_fields) {
        field.name = rebased(field.name, oldBase, base);
        field.value = rebased(field.value, oldBase, base);
    }
    m_body = rebased(m_body, oldBase, base);
    m_requestUri.text = rebased(m_requestUri.text, oldBase, base);
    reindex();
}

void SipMessage::reindex()
{
    m_values.clear();
    for (HeaderField &field : m_fields)
        parseValues(field);
    if (!m_requestUri.text.empty()) {
        const std::string_view text = m_requestUri.text;
        auto uri = UriView::parse(text);
        m_requestUri = uri ? *uri : UriView{};
        m_requestUri.text = text;
    }
}

void SipMessage::indexFields()
{
    m_present = 0;
    for (std::uint32_t index = 0; index < m_fields.size(); ++index) {
        const auto id = static_cast<std::size_t>(m_fields[index].id);
        FieldSpan &span = m_spans[id];
        if (!isPresent(m_fields[index].id)) {
            m_present |= std::uint64_t(1) << id;
            span = FieldSpan{.first = index, .last = index, .count = 1};
        } else {
            span.last = index;
            ++span.count;
        }
    }
}

void SipMessage::parseValues(HeaderField &field)
{
    field.firstValue = static_cast<std::uint32_t>(m_values.size());
    field.error = HeaderValueParser::parse(field.id, field.value, m_values);
    field.valueCount = static_cast<std::uint32_t>(m_values.size()) - field.firstValue;
}

std::string_view SipMessage::store(std::string_view text, std::string_view *keep)
{
    // The text may be a view into this buffer: remember where, in case the buffer moves.
    const char *const oldBase = m_text.data();
    const bool textInside = text.data() >= oldBase && text.data() < oldBase + m_text.size();
    const bool keepInside
            = keep && keep->data() >= oldBase && keep->data() < oldBase + m_text.size();
    const std::size_t textOffset = textInside ? text.data() - oldBase : 0;
    const std::size_t keepOffset = keepInside ? keep->data() - oldBase : 0;
    if (m_text.capacity() - m_text.size() < text.size()) {
        m_text.reserve(std::max(m_text.size() + text.size(), m_text.capacity() * 2));
        rebase(oldBase);
        if (textInside)
            text = {m_text.data() + textOffset, text.size()};
        if (keepInside)
            *keep = {m_text.data() + keepOffset, keep->size()};
    }
    const std::size_t offset = m_text.size();
    m_text.append(text);
    return {m_text.data() + offset, text.size()};
}

bool SipMessage::matches(const HeaderField &field, HeaderId id, std::string_view name) const
{
    return id == HeaderId::Other ? field.id == HeaderId::Other && headerNameEquals(field.name, name)
                                 : field.id == id;
}

std::optional<std::string_view> SipMessage::header(std::string_view name) const
{
    const HeaderId id = headerIdOf(name);
    if (id != HeaderId::Other) {
        if (!isPresent(id))
            return std::nullopt;
        return m_fields[m_spans[static_cast<std::size_t>(id)].first].value;
    }
    for (const HeaderField &field : m_fields) {
        if (matches(field, id, name))
            return field.value;
    }
    return std::nullopt;
}

std::vector<std::string_view> SipMessage::headerValues(std::string_view name) const
{
    const HeaderId id = headerIdOf(name);
    const bool split = id == HeaderId::Other || HeaderValueParser::isList(id);
    std::vector<std::string_view> values;
    for (const HeaderField &field : m_fields) {
        if (!matches(field, id, name))
            continue;
        if (split && !isWholeFieldText(id)) {
            HeaderValueParser::split(field.value, [&](std::string_view element) {
                if (!element.empty())
                    values.push_back(element);
            });
        } else if (!field.value.empty()) {
            values.push_back(field.value);
        }
    }
    return values;
}

bool SipMessage::hasHeader(std::string_view name) const
{
    return header(name).has_value();
}

bool SipMessage::listsValue(std::string_view name, std::string_view value) const
{
    const auto values = headerValues(name);
    return std::any_of(values.begin(), values.end(), [value](std::string_view listed) {
        return lexical::equalsIgnoringCase(listed, value);
    });
}

bool SipMessage::hasHeader(HeaderId id) const
{
    return isPresent(id);
}

Result<const HeaderValue *> SipMessage::singleValue(HeaderId id, SyntaxError repeated) const
{
    if (!isPresent(id))
        return SyntaxError::MissingHeader;
    const FieldSpan &span = m_spans[static_cast<std::size_t>(id)];
    const HeaderField &field = m_fields[span.first];
    if (field.valueCount > 1)
        return repeated;
    if (field.valueCount == 0) // an empty field: its shape's error
        return field.error ? field.error : std::error_code(repeated);
    if (span.count > 1)
        return repeated;
    const HeaderValue *const found = &m_values[field.firstValue];
    if (found->error)
        return found->error;
    return found;
}

std::optional<std::uint32_t> SipMessage::numberValue(HeaderId id) const
{
    const auto value = singleValue(id, SyntaxError::BadNumber);
    const std::uint32_t *number = value.ok() ? (*value)->as<std::uint32_t>() : nullptr;
    return number ? std::optional<std::uint32_t>(*number) : std::nullopt;
}

void SipMessage::insertField(std::size_t index, std::string_view name, std::string_view value)
{
    // One store for both, so that a view into this buffer cannot be moved between them.
    std::string_view storedName = store(name, &value);
    const std::string_view storedValue = store(trim(value), &storedName);
    HeaderField field;
    field.id = headerIdOf(storedName); // name itself may have moved with the buffer
    field.name = storedName;
    field.value = storedValue;
    parseValues(field);
    m_fields.insert(m_fields.begin() + static_cast<std::ptrdiff_t>(index), field);
    indexFields();
}

void SipMessage::addHeader(std::string_view name, std::string_view value)
{
    insertField(m_fields.size(), name, value);
}

void SipMessage::prependHeader(std::string_view name, std::string_view value)
{
    const HeaderId id = headerIdOf(name);
    const auto first = std::ranges::find_if(
            m_fields, [&](const HeaderField &field) { return matches(field, id, name); });
    insertField(static_cast<std::size_t>(first - m_fields.begin()), name, value);
}

void SipMessage::setHeader(std::string_view name, std::string_view value)
{
    const HeaderId id = headerIdOf(name);
    const auto first = std::ranges::find_if(
            m_fields, [&](const HeaderField &field) { return matches(field, id, name); });
    const auto index = static_cast<std::size_t>(first - m_fields.begin());
    // Store first: value may be a view of a field about to be removed (its text stays).
    insertField(index, name, value);
    const HeaderField added = m_fields[index];
    std::erase_if(m_fields, [&](const HeaderField &field) { return matches(field, id, name); });
    m_fields.insert(m_fields.begin()
                            + static_cast<std::ptrdiff_t>(std::min(index, m_fields.size())),
                    added);
    indexFields();
}

void SipMessage::removeHeader(std::string_view name)
{
    const HeaderId id = headerIdOf(name);
    std::erase_if(m_fields, [&](const HeaderField &field) { return matches(field, id, name); });
    indexFields();
}

void SipMessage::setTopVia(const Via &via)
{
    const auto first = std::ranges::find_if(
            m_fields, [](const HeaderField &field) { return field.id == HeaderId::Via; });
    if (first == m_fields.end()) {
        prependHeader("Via", via.toString());
        return;
    }
    std::string value = via.toString();
    if (first->valueCount > 1) {
        const std::string_view second = m_values[first->firstValue + 1].text;
        value += ", ";
        value += first->value.substr(static_cast<std::size_t>(second.data() - first->value.data()));
    }
    const auto index = static_cast<std::size_t>(first - m_fields.begin());
    const std::string_view name = m_fields[index].name;
    insertField(index, name, value);
    m_fields.erase(m_fields.begin() + static_cast<std::ptrdiff_t>(index) + 1);
    indexFields();
}

void SipMessage::setBody(std::string_view body)
{
    m_body = store(body);
}

Result<Via> SipMessage::topVia() const
{
    return ownedCopy<ViaView, Via>(topViaView());
}

Result<const ViaView *> SipMessage::topViaView() const
{
    if (!isPresent(HeaderId::Via))
        return SyntaxError::MissingHeader;
    const HeaderField &field = m_fields[m_spans[static_cast<std::size_t>(HeaderId::Via)].first];
    if (field.valueCount == 0)
        return SyntaxError::BadVia;
    const HeaderValue &value = m_values[field.firstValue];
    if (value.error)
        return value.error;
    return value.as<ViaView>();
}

Result<std::vector<Via>> SipMessage::vias() const
{
    std::vector<Via> result;
    std::error_code error;
    forEachValue(HeaderId::Via, [&](const HeaderValue &value) {
        if (value.error)
            error = error ? error : value.error;
        else
            result.push_back(Via::from(*value.as<ViaView>()));
    });
    if (error)
        return error;
    if (result.empty())
        return SyntaxError::MissingHeader;
    return result;
}

Result<const NameAddrView *> SipMessage::fromView() const
{
    const auto value = singleValue(HeaderId::From, SyntaxError::BadNameAddr);
    if (!value)
        return value.error();
    return (*value)->as<NameAddrView>();
}

Result<const NameAddrView *> SipMessage::toView() const
{
    const auto value = singleValue(HeaderId::To, SyntaxError::BadNameAddr);
    if (!value)
        return value.error();
    return (*value)->as<NameAddrView>();
}

Result<const CSeqView *> SipMessage::cseqView() const
{
    const auto value = singleValue(HeaderId::CSeq, SyntaxError::BadCSeq);
    if (!value)
        return value.error();
    return (*value)->as<CSeqView>();
}

Result<std::string_view> SipMessage::callIdView() const
{
    const auto value = singleValue(HeaderId::CallId, SyntaxError::BadHeaderValue);
    if (!value)
        return value.error();
    return *(*value)->as<std::string_view>();
}

Result<NameAddr> SipMessage::from() const
{
    return ownedCopy<NameAddrView, NameAddr>(fromView());
}

Result<NameAddr> SipMessage::to() const
{
    return ownedCopy<NameAddrView, NameAddr>(toView());
}

Result<std::string> SipMessage::callId() const
{
    const auto view = callIdView();
    if (!view)
        return view.error();
    return std::string(*view);
}

Result<CSeq> SipMessage::cseq() const
{
    return ownedCopy<CSeqView, CSeq>(cseqView());
}

namespace {

Result<std::vector<NameAddr>> nameAddrList(const SipMessage &message, HeaderId id)
{
    std::vector<NameAddr> result;
    std::error_code error;
    bool any = false;
    message.forEachValue(id, [&](const HeaderValue &value) {
        any = true;
        if (value.error)
            error = error ? error : value.error;
        else if (const auto *nameAddr = value.as<NameAddrView>())
            result.push_back(NameAddr::from(*nameAddr));
        else
            error = error ? error : std::error_code(SyntaxError::BadNameAddr); // Contact "*"
    });
    if (error)
        return error;
    if (!any)
        return message.hasHeader(id) ? SyntaxError::BadNameAddr : SyntaxError::MissingHeader;
    return result;
}

} // namespace

Result<std::vector<NameAddr>> SipMessage::contacts() const
{
    return nameAddrList(*this, HeaderId::Contact);
}

Result<std::vector<NameAddr>> SipMessage::routes() const
{
    return nameAddrList(*this, HeaderId::Route);
}

Result<std::vector<NameAddr>> SipMessage::recordRoutes() const
{
    return nameAddrList(*this, HeaderId::RecordRoute);
}

bool SipMessage::isContactStar() const
{
    std::size_t values = 0;
    bool star = false;
    forEachValue(HeaderId::Contact, [&](const HeaderValue &value) {
        ++values;
        star = value.as<std::string_view>() != nullptr;
    });
    return values == 1 && star;
}

Result<std::uint32_t> SipMessage::maxForwards() const
{
    const auto value = singleValue(HeaderId::MaxForwards, SyntaxError::BadNumber);
    if (!value)
        return value.error();
    return *(*value)->as<std::uint32_t>();
}

void SipMessage::serializeHeadersAndBody(std::string &out) const
{
    char contentLength[24];
    const auto [end, ec]
            = std::to_chars(contentLength, contentLength + sizeof contentLength, m_body.size());
    const std::string_view length(contentLength, static_cast<std::size_t>(end - contentLength));
    bool wroteContentLength = false;
    for (const HeaderField &field : m_fields) {
        const bool isContentLength = field.id == HeaderId::ContentLength;
        if (isContentLength && wroteContentLength)
            continue;
        appendLineSafe(out, field.name);
        out += ": ";
        if (isContentLength) {
            out += length;
            wroteContentLength = true;
        } else {
            appendLineSafe(out, field.value);
        }
        out += "\r\n";
    }
    if (!wroteContentLength) {
        out += "Content-Length: ";
        out += length;
        out += "\r\n";
    }
    out += "\r\n";
    out += m_body;
}

void Request::setRequestUri(const Uri &uri)
{
    const std::string_view text = store(uri.toString());
    auto view = UriView::parse(text);
    m_requestUri = view ? *view : UriView{};
    m_requestUri.text = text;
}

std::string Request::serialize() const
{
    std::string out;
    out.reserve(textSize() + 64);
    appendLineSafe(out, method);
    out += ' ';
    appendLineSafe(out, m_requestUri.text.empty() ? std::string_view("sip:") : m_requestUri.text);
    out += " SIP/2.0\r\n";
    serializeHeadersAndBody(out);
    return out;
}

std::string Response::serialize() const
{
    std::string out;
    out.reserve(textSize() + 64);
    out += "SIP/2.0 ";
    char code[8];
    const auto [end, ec] = std::to_chars(code, code + sizeof code, statusCode);
    out.append(code, static_cast<std::size_t>(end - code));
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
