#pragma once

#include "parserundertest.h"

/// sofia-sip (libsofia-sip-ua): msg_make(sip_default_mclass(), 0, data, len), then
/// msg_destroy. msg_make copies the bytes into a message buffer (its memory home is preloaded
/// with len + 1024 octets) and runs msg_extract, which parses every header the default SIP
/// class knows into its struct eagerly: Via (host, port, params), From/To/Contact/Record-Route
/// (display name, URL split into scheme, user, host, port, params as one string, headers;
/// header params as a list), Call-ID, CSeq, Max-Forwards, Allow/Supported (token lists),
/// User-Agent, Content-Type, Content-Length. Headers it does not know become "unknown" raw
/// headers; none of the benchmark's headers is. The body is kept as raw payload (no SDP).
class SofiaSipParser : public ParserUnderTest
{
public:
    std::string name() const override { return "sofia-sip"; }
    bool parse(std::string_view datagram) override;
    /// Rejects a message with any erroneous or unknown header.
    std::optional<MessageFacts> facts(std::string_view datagram) override;
};
