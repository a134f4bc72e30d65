#pragma once

#include "parserundertest.h"

struct mbuf;

/// libre (baresip's SIP stack): sip_msg_decode from an mbuf, then mem_deref. The decoder does
/// not copy: it indexes every header (name and value as pointer/length slices into the mbuf,
/// comma-separated values split, one allocated entry per value in a hash table) and parses
/// only what a UA core reads on every message: the Request-URI (scheme, user, host, port,
/// params as one slice), the top Via (sent-by, transport, branch), From and To (display name,
/// URI, params as one slice, tag), CSeq and Content-Type. Call-ID, Max-Forwards,
/// Content-Length and Expires are kept as slices; the other Vias, Contact and Record-Route are
/// indexed but not parsed (sip_via_decode / sip_addr_decode on demand). It also draws a random
/// 64-bit message tag (rand_u64, OpenSSL's RAND_bytes in Debian's build).
///
/// FreshBuffer allocates an mbuf and copies the datagram into it for every parse, as a receive
/// path that hands each datagram its own buffer does (and as msg_make and osip_message_parse
/// copy); ReusedBuffer decodes the same mbuf again each time, which measures the decoder alone.
class LibreParser : public ParserUnderTest
{
public:
    enum class Buffer { FreshBuffer, ReusedBuffer };

    explicit LibreParser(Buffer buffer);
    ~LibreParser() override;
    LibreParser(const LibreParser &) = delete;
    LibreParser &operator=(const LibreParser &) = delete;

    std::string name() const override;
    bool parse(std::string_view datagram) override;
    std::optional<MessageFacts> facts(std::string_view datagram) override;

private:
    /// An mbuf holding \a datagram, positioned at its start, with a reference for the caller.
    struct mbuf *bufferFor(std::string_view datagram);

    Buffer m_buffer;
    struct mbuf *m_reused = nullptr; // ReusedBuffer: the mbuf, holding m_reusedData
    std::string_view m_reusedData;   // the datagram m_reused holds
};
