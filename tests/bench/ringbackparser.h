#pragma once

#include "parserundertest.h"

#include "sipcore/syntax/messageparser.h"

/// Ringback's own parser (sipcore/syntax). MessageParser::parseDatagram is already a full
/// parse: start line and Request-URI, header fields, body framing, and the typed value of every
/// header the stack knows (Via, From, To, Call-ID, CSeq, Contact, Route, Record-Route,
/// Max-Forwards, Content-Type, Content-Length, Allow, Supported, User-Agent, … with their URIs
/// and parameters), kept as views into the message's buffer. After it, parse() reads the typed
/// values that the other parsers' checks read (top Via, From, To, Call-ID, CSeq and every
/// Contact and Record-Route value) through the view accessors, which do not parse again.
///
/// ReusedMessage parses into one message object kept between calls, as a receive loop would:
/// its buffers grow once, so the steady state allocates nothing. FreshMessage parses into a new
/// message each time (a diagnostic row: what the buffers cost).
class RingbackParser : public ParserUnderTest
{
public:
    enum class Mode { ReusedMessage, FreshMessage };

    explicit RingbackParser(Mode mode)
        : m_mode(mode)
    {}

    std::string name() const override;
    bool parse(std::string_view datagram) override;
    std::optional<MessageFacts> facts(std::string_view datagram) override;

private:
    Mode m_mode;
    sipcore::SipMessageVariant m_message;
};
