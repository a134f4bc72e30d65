#pragma once

#include "sipcore/syntax/cseq.h"
#include "sipcore/syntax/nameaddr.h"
#include "sipcore/syntax/uri.h"
#include "sipcore/syntax/via.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipcore {

struct HeaderField
{
    std::string name; // as received or as set (compact forms kept)
    std::string value;
};

/// What requests and responses share: ordered header fields and a body. Header lookups are
/// case-insensitive and treat compact names as their long forms. Typed accessors parse on
/// demand and report a SyntaxError naming the header when it is missing or malformed.
class SipMessage
{
public:
    const std::vector<HeaderField> &headerFields() const { return m_headers; }

    /// The first field of that name, raw.
    std::optional<std::string_view> header(std::string_view name) const;
    /// Every value of that name in order, comma-separated lists split into their elements
    /// (commas inside quotes or <> do not split), trimmed, empty elements dropped. Fields whose
    /// grammar allows a bare comma (Authorization, WWW-Authenticate, Date, Subject, …) are one
    /// value each.
    std::vector<std::string_view> headerValues(std::string_view name) const;
    bool hasHeader(std::string_view name) const;
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

    const std::string &body() const { return m_body; }
    void setBody(std::string body) { m_body = std::move(body); }

    // Typed access. Absent → SyntaxError::MissingHeader, also for the lists (an absent Route or
    // Record-Route is the caller's empty route set). Malformed → the shape's error (BadVia,
    // BadNameAddr, BadCSeq, BadNumber, BadHeaderValue for Call-ID), and a single-valued header
    // that appears twice counts as malformed. A name-addr may carry a URI of any scheme
    // (RFC 3261 §20.10 allows absoluteURI): check Uri::isSip() where only SIP will do.
    // Contact "*" is not a name-addr (BadNameAddr).
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

protected:
    /// Appends the header fields, a Content-Length equal to the body size (replacing any
    /// Content-Length field, in its place) and the blank line and body.
    void serializeHeadersAndBody(std::string &out) const;

private:
    std::vector<HeaderField> m_headers;
    std::string m_body;
};

/// A SIP request. method is case-sensitive (RFC 3261 §7.1), stored as written.
class Request : public SipMessage
{
public:
    std::string method;
    Uri requestUri;

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
