#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

/// What a parser found in a message: checked against what the message holds before anything is
/// timed, so that a parser that rejects or misreads a message cannot look fast.
struct MessageFacts
{
    std::string callId;
    std::size_t vias = 0;         ///< Via values seen (parsed or only indexed, see the parser)
    std::size_t contacts = 0;     ///< Contact values seen
    std::size_t recordRoutes = 0; ///< Record-Route values seen
    std::string requestUriHost;   ///< empty for a response
};

/// One SIP message parser in bench_parser. Each implementation calls its library's own entry
/// point for parsing a whole message from bytes in memory, and releases everything the parse
/// allocated, so that a benchmark iteration is one receive-side parse in steady state. What a
/// library parses eagerly differs; each implementation says what it does and does not.
///
/// parse() is called in the timed loop on one thread; it keeps no state between calls.
class ParserUnderTest
{
public:
    virtual ~ParserUnderTest() = default;

    /// The name in benchmark names and the chart: "ours", "sofia-sip", "osip2", "libre", …
    virtual std::string name() const = 0;
    /// Parses \a datagram and releases the result. False when the library rejected it.
    virtual bool parse(std::string_view datagram) = 0;
    /// Parses \a datagram once and reports what the library found; nullopt when it rejected
    /// the message or reported an error in any header.
    virtual std::optional<MessageFacts> facts(std::string_view datagram) = 0;
};
