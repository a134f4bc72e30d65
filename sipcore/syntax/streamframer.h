#pragma once

#include <cstddef>
#include <string_view>
#include <system_error>

namespace sipcore {

/// Finds where SIP messages begin and end in a byte stream (TCP, TLS; RFC 3261 §18.3): a
/// message is its header section up to the empty line plus exactly Content-Length octets of
/// body, and on a stream Content-Length is required. CRLFs between messages are keep-alives
/// (RFC 5626 §4.4.1: CRLFCRLF is a ping, a lone CRLF the pong) and are skipped.
///
/// Stateless: the caller keeps the received bytes, calls frame() on what it has, drops
/// `consumed` octets from the front, parses `message` when Complete, and reads more when
/// NeedMore. Bad means the stream cannot be resynchronised: close the connection. Never
/// reads outside \a buffer.
class StreamFramer
{
public:
    struct Limits
    {
        std::size_t maxMessageSize = 65536;   ///< header section and body together
        std::size_t maxHeaderSection = 16384; ///< up to and including the empty line
    };

    enum class Status {
        Complete, ///< `message` holds one whole message
        NeedMore, ///< read more bytes and call again (after dropping `consumed`)
        Bad,      ///< `error` says why; the stream is unusable
    };

    struct Result
    {
        Status status = Status::NeedMore;
        /// Octets to drop from the front of the buffer: keep-alives, plus the message when
        /// Complete.
        std::size_t consumed = 0;
        /// The message's octets (a view into the buffer) when Complete.
        std::string_view message;
        /// Keep-alive CRLFs skipped in this call (2 per ping's half; a pong is 2 octets).
        std::size_t keepAliveOctets = 0;
        std::error_code error;
    };

    static Result frame(std::string_view buffer, Limits limits);
    static Result frame(std::string_view buffer) { return frame(buffer, Limits{}); }
};

} // namespace sipcore
