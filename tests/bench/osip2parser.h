#pragma once

#include "parserundertest.h"

/// GNU oSIP (libosip2's osipparser2): osip_message_init, osip_message_parse, then
/// osip_message_free; parser_init() runs once, in the constructor. osip_message_parse copies the
/// bytes, replaces folded lines, and parses the headers it knows into structs eagerly: Via
/// (version, protocol, host, port, params as name/value pairs), From/To/Contact/Record-Route
/// (display name, URI split into scheme, user, host, port, URI params and headers as pairs,
/// header params as pairs), Call-ID (split at '@'), CSeq, Content-Type (type, subtype, params),
/// Content-Length, Allow (each field one string). Headers it does not know (here Max-Forwards,
/// Supported, User-Agent) are kept as name/value strings. The body is copied into an
/// osip_body_t (not parsed as SDP).
class Osip2Parser : public ParserUnderTest
{
public:
    Osip2Parser();

    std::string name() const override { return "osip2"; }
    bool parse(std::string_view datagram) override;
    std::optional<MessageFacts> facts(std::string_view datagram) override;
};
