#pragma once

#include "sipcore/util/result.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sipcore::sdp {

/// o= (RFC 8866 §5.2).
struct Origin
{
    std::string username = "-";
    std::string sessionId;
    std::uint64_t sessionVersion = 0;
    std::string netType = "IN";
    std::string addrType = "IP4";
    std::string address;
};

/// c= (§5.7): the address may carry /ttl or /count for multicast; kept as written.
struct Connection
{
    std::string netType = "IN";
    std::string addrType = "IP4";
    std::string address;
};

/// b= (§5.8).
struct Bandwidth
{
    std::string type;
    std::uint64_t value = 0;
};

/// a= (§5.13): a property attribute has no value; a value attribute may have an empty one.
struct Attribute
{
    std::string name;
    std::optional<std::string> value = std::nullopt;
};

/// t= with its r= lines (§5.9, §5.10), the values as written.
struct Timing
{
    std::string time = "0 0";
    std::vector<std::string> repeats = {};
};

/// The attribute list of a session or a stream, with lookups by name (case-sensitive, §5.13).
class AttributeList
{
public:
    /// The value of the first \a name attribute; nullopt when there is none, "" for a
    /// property attribute.
    std::optional<std::string_view> attribute(std::string_view name) const;
    /// The values of every \a name attribute, in order.
    std::vector<std::string_view> attributes(std::string_view name) const;
    /// Whether a \a name attribute is present.
    bool hasAttribute(std::string_view name) const { return attribute(name).has_value(); }

    std::vector<Attribute> attributeLines;
};

/// m= and the lines that follow it (§5.14).
struct MediaDescription : AttributeList
{
    std::string media = "audio";
    std::uint16_t port = 0;
    std::optional<unsigned> numberOfPorts = std::nullopt;
    std::string proto = "RTP/AVP";
    std::vector<std::string> formats;
    std::optional<std::string> information = std::nullopt;
    std::vector<Connection> connections = {};
    std::vector<Bandwidth> bandwidths = {};
    std::optional<std::string> key = std::nullopt;
};

/// A session description (RFC 8866): every line kept, so that what is parsed serializes back
/// to the same lines in the order §5 gives.
struct SessionDescription : AttributeList
{
    Origin origin;
    std::string sessionName = "-";
    std::optional<std::string> information = std::nullopt;
    std::optional<std::string> uri = std::nullopt;
    std::vector<std::string> emails = {};
    std::vector<std::string> phones = {};
    std::optional<Connection> connection = std::nullopt;
    std::vector<Bandwidth> bandwidths = {};
    std::vector<Timing> timings = {Timing{}};
    std::optional<std::string> timeZones = std::nullopt;
    std::optional<std::string> key = std::nullopt;
    std::vector<MediaDescription> media = {};

    /// Parses \a text (RFC 8866 §9 grammar; lines end in CRLF, a bare LF is accepted). Lines
    /// must come in the order of §5; unknown type letters are refused (§5 allows that).
    static Result<SessionDescription> parse(std::string_view text);
    /// The description as lines ending in CRLF, in the order of §5.
    std::string toString() const;
    /// The connection that applies to \a stream: its own first c=, else the session's.
    const Connection *connectionFor(const MediaDescription &stream) const;
};

} // namespace sipcore::sdp
