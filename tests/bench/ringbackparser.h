#pragma once

#include "parserundertest.h"

/// Ringback's own parser (sipcore/syntax). sipcore keeps header values as text and parses a
/// typed value when an accessor asks for it, so a full parse, comparable with the eager
/// parsers, is MessageParser::parseDatagram (start line and Request-URI, header fields, body
/// framing, and a validating parse of Via, From, To, Call-ID and CSeq whose results it does not
/// keep) followed by every typed accessor that applies to the message: vias(), from(), to(),
/// callId(), cseq(), contacts(), and maxForwards() when Max-Forwards is present, routes() when
/// Route is, recordRoutes() when Record-Route is. Presence is read from the message's header
/// names (by the same case-insensitive lookup the accessors use), not decided in advance.
///
/// DatagramOnly stops after parseDatagram: a diagnostic row, not the comparison.
class RingbackParser : public ParserUnderTest
{
public:
    enum class Mode { FullParse, DatagramOnly };

    explicit RingbackParser(Mode mode)
        : m_mode(mode)
    {}

    std::string name() const override;
    bool parse(std::string_view datagram) override;
    std::optional<MessageFacts> facts(std::string_view datagram) override;

private:
    Mode m_mode;
};
