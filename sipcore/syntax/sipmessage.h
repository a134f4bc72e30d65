#pragma once

#include "sipcore/syntax/cseq.h"
#include "sipcore/syntax/headernames.h"
#include "sipcore/syntax/headervalue.h"
#include "sipcore/syntax/nameaddr.h"
#include "sipcore/syntax/syntaxerror.h"
#include "sipcore/syntax/uri.h"
#include "sipcore/syntax/via.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipcore {

class MessageReader;

/// One header field as received or set. The views point into the message's text.
struct HeaderField
{
    HeaderId id = HeaderId::Other;
    std::string_view name;        // as received or as set (compact forms kept)
    std::string_view value;       // without surrounding whitespace, folded lines joined
    std::uint32_t firstValue = 0; // this field's values in SipMessage::headerValueAt()
    std::uint32_t valueCount = 0;
    std::error_code error = NoError; // the first malformed value's error, if any
};

/// A header field to add to a message being built: an owned name and value.
struct HeaderLine
{
    std::string name;
    std::string value;
};

/// What requests and responses share: ordered header fields and a body, held in one buffer of
/// text that every view points into, with each known header's values parsed once, when the
/// field is parsed or set (HeaderValue). Header lookups are case-insensitive and treat compact
/// names as their long forms.
///
/// Views returned by a message (header values, fields, typed views, body) stay valid until the
/// message is modified, assigned or destroyed. Copying a message copies the text and reads the
/// typed values again for the copy. A message is not thread-safe; one thread uses it at a time.
class SipMessage
{
public:
    SipMessage() = default;
    SipMessage(const SipMessage &other);
    SipMessage(SipMessage &&other) noexcept;
    SipMessage &operator=(const SipMessage &other);
    SipMessage &operator=(SipMessage &&other) noexcept;
    ~SipMessage() = default;

    const std::vector<HeaderField> &headerFields() const { return m_fields; }
    /// The values of field \a field, in order.
    const HeaderValue *headerValueAt(const HeaderField &field, std::size_t index) const
    {
        return &m_values[field.firstValue + index];
    }

    /// The first field of that name, raw.
    std::optional<std::string_view> header(std::string_view name) const;
    /// Every value of that name in order: for list headers (and unknown ones), comma-separated
    /// lists split into their elements (commas inside quotes or <> do not split), trimmed,
    /// empty elements dropped. Fields whose grammar allows a bare comma (Authorization,
    /// WWW-Authenticate, Date, Subject, User-Agent, …) are one value each.
    std::vector<std::string_view> headerValues(std::string_view name) const;
    bool hasHeader(std::string_view name) const;
    /// Whether a list header \a name (Require, Supported, Allow, …) names \a value among its
    /// values, compared ignoring case.
    bool listsValue(std::string_view name, std::string_view value) const;
    bool hasHeader(HeaderId id) const;
    /// Calls \a callback with each value (const HeaderValue &) of every field of header \a id,
    /// in order, without allocating.
    template<class Callback>
    void forEachValue(HeaderId id, Callback &&callback) const
    {
        if (!isPresent(id))
            return;
        const FieldSpan &span = m_spans[static_cast<std::size_t>(id)];
        for (std::size_t index = span.first; index <= span.last; ++index) {
            const HeaderField &field = m_fields[index];
            if (field.id != id)
                continue;
            for (std::uint32_t i = 0; i < field.valueCount; ++i)
                callback(m_values[field.firstValue + i]);
        }
    }
    /// The value of a header that may appear once: MissingHeader when absent, \a repeated
    /// when the header appears in more than one value, the value's own error when malformed.
    Result<const HeaderValue *> singleValue(HeaderId id, SyntaxError repeated) const;
    /// The number of a header that holds one (Expires, Min-Expires, Max-Forwards, RSeq,
    /// Content-Length); nullopt when it is absent, malformed or repeated.
    std::optional<std::uint32_t> numberValue(HeaderId id) const;

    /// Appends a field.
    void addHeader(std::string_view name, std::string_view value);
    /// Inserts a field before all others of the same name (or at the end if none).
    void prependHeader(std::string_view name, std::string_view value);
    /// Replaces every field of that name by one field (in the place of the first).
    void setHeader(std::string_view name, std::string_view value);
    void removeHeader(std::string_view name);
    /// Replaces the first Via value (the first element of the first Via field) with \a via,
    /// keeping every other value where it is. Adds a Via field when there is none.
    void setTopVia(const Via &via);

    std::string_view body() const { return m_body; }
    void setBody(std::string_view body);

    // Typed access, owned copies of the parsed views. Absent → SyntaxError::MissingHeader,
    // also for the lists (an absent Route or Record-Route is the caller's empty route set).
    // Malformed → the shape's error (BadVia, BadNameAddr, BadCSeq, BadNumber, BadHeaderValue
    // for Call-ID), and a single-valued header that appears twice counts as malformed. A
    // name-addr may carry a URI of any scheme (RFC 3261 §20.10 allows absoluteURI): check
    // Uri::isSip() where only SIP will do. Contact "*" is not a name-addr (BadNameAddr).
    Result<Via> topVia() const;
    Result<std::vector<Via>> vias() const;
    Result<NameAddr> from() const;
    Result<NameAddr> to() const;
    Result<std::string> callId() const;
    Result<CSeq> cseq() const;
    Result<std::vector<NameAddr>> contacts() const;
    Result<std::vector<NameAddr>> routes() const;
    Result<std::vector<NameAddr>> recordRoutes() const;
    Result<std::uint32_t> maxForwards() const;
    /// True when the message has a Contact field whose only value is "*" (§10.2.2).
    bool isContactStar() const;

    // Typed access without copying: the same rules, views into this message.
    Result<const ViaView *> topViaView() const;
    Result<const NameAddrView *> fromView() const;
    Result<const NameAddrView *> toView() const;
    Result<const CSeqView *> cseqView() const;
    Result<std::string_view> callIdView() const;

protected:
    /// Appends the header fields, a Content-Length equal to the body size (replacing any
    /// Content-Length field, in its place) and the blank line and body.
    void serializeHeadersAndBody(std::string &out) const;
    /// The size of the buffer: what serializing needs, roughly.
    std::size_t textSize() const { return m_text.size(); }
    /// Copies \a text to the end of the buffer and returns its view there; \a keep (views into
    /// the buffer held by the caller) are moved along if the buffer moves.
    std::string_view store(std::string_view text, std::string_view *keep = nullptr);
    /// A request's Request-URI (the base keeps it so that copies and moves carry it along);
    /// its text is empty in a response.
    UriView m_requestUri;

private:
    friend class MessageReader; // the parser (messageparser.cpp) fills the buffers

    /// Where the fields of one header id are in m_fields: the first, the last and how many.
    struct FieldSpan
    {
        std::uint32_t first = 0;
        std::uint32_t last = 0;
        std::uint32_t count = 0;
    };
    static_assert(static_cast<std::size_t>(HeaderId::Count) <= 64, "one bit per id in m_present");

    bool isPresent(HeaderId id) const { return (m_present >> static_cast<unsigned>(id) & 1) != 0; }
    /// Adds the last field of m_fields to the spans. Inline: the parser calls it per field.
    void indexLastField()
    {
        const auto index = static_cast<std::uint32_t>(m_fields.size() - 1);
        const HeaderId id = m_fields.back().id;
        FieldSpan &span = m_spans[static_cast<std::size_t>(id)];
        if (!isPresent(id)) {
            m_present |= std::uint64_t(1) << static_cast<unsigned>(id);
            span = FieldSpan{.first = index, .last = index, .count = 1};
            return;
        }
        span.last = index;
        ++span.count;
    }
    /// Builds the spans again, after fields were inserted or removed.
    void indexFields();

    /// Moves every view from a buffer at \a oldBase to the current one and reads the typed
    /// values again.
    void rebase(const char *oldBase);
    /// Reads the typed values of every field (and the Request-URI) again.
    void reindex();
    void insertField(std::size_t index, std::string_view name, std::string_view value);
    void parseValues(HeaderField &field);
    bool matches(const HeaderField &field, HeaderId id, std::string_view name) const;

    std::string m_text; // every view of this message points in here
    std::vector<HeaderField> m_fields;
    std::vector<HeaderValue> m_values;
    std::string_view m_body;
    // The fields of each header id, so that a lookup does not walk every field; m_spans[id] is
    // meaningful when bit id of m_present is set.
    std::array<FieldSpan, static_cast<std::size_t>(HeaderId::Count)> m_spans;
    std::uint64_t m_present = 0;
};

/// A SIP request. method is case-sensitive (RFC 3261 §7.1), stored as written.
class Request : public SipMessage
{
public:
    std::string method;

    /// The Request-URI, read in place; a default (sip:) view before one is set.
    const UriView &requestUriView() const { return m_requestUri; }
    /// An owned copy of the Request-URI.
    Uri requestUri() const { return Uri::from(m_requestUri); }
    void setRequestUri(const Uri &uri);

    std::string serialize() const;
};

/// A SIP response.
class Response : public SipMessage
{
public:
    int statusCode = 0;
    std::string reasonPhrase;

    std::string serialize() const;
};

/// The RFC reason phrase for a status code ("Request Terminated" for 487), or "" if unknown.
std::string_view defaultReasonPhrase(int statusCode);

} // namespace sipcore
