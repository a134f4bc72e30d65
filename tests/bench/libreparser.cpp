#include "libreparser.h"

#include <benchmark/benchmark.h>

// libre's re_types.h defines bool, true and false as macros unless told that the C library has
// <stdbool.h> and <inttypes.h>; in C++ that would redefine the keywords.
#define HAVE_INTTYPES_H 1
#define HAVE_STDBOOL_H 1
#include <re.h>

namespace {

std::string_view view(const pl &slice)
{
    return {slice.p, slice.l};
}

mbuf *copyIntoNewBuffer(std::string_view datagram)
{
    mbuf *buffer = mbuf_alloc(datagram.size());
    if (!buffer)
        return nullptr;
    if (mbuf_write_mem(buffer, reinterpret_cast<const std::uint8_t *>(datagram.data()),
                       datagram.size())
        != 0) {
        mem_deref(buffer);
        return nullptr;
    }
    mbuf_set_pos(buffer, 0);
    return buffer;
}

} // namespace

LibreParser::LibreParser(Buffer buffer)
    : m_buffer(buffer)
{}

LibreParser::~LibreParser()
{
    mem_deref(m_reused);
}

std::string LibreParser::name() const
{
    return m_buffer == Buffer::FreshBuffer ? "libre" : "libre:decode-only";
}

mbuf *LibreParser::bufferFor(std::string_view datagram)
{
    if (m_buffer == Buffer::FreshBuffer)
        return copyIntoNewBuffer(datagram);
    if (!m_reused || m_reusedData.data() != datagram.data()
        || m_reusedData.size() != datagram.size()) {
        mem_deref(m_reused);
        m_reused = copyIntoNewBuffer(datagram);
        m_reusedData = datagram;
    }
    if (!m_reused)
        return nullptr;
    mbuf_set_pos(m_reused, 0); // the decoder leaves pos after what it consumed
    return static_cast<mbuf *>(mem_ref(m_reused));
}

bool LibreParser::parse(std::string_view datagram)
{
    mbuf *buffer = bufferFor(datagram);
    if (!buffer)
        return false;
    sip_msg *message = nullptr;
    const int error = sip_msg_decode(&message, buffer);
    benchmark::DoNotOptimize(message);
    mem_deref(message); // releases its reference to the buffer too
    mem_deref(buffer);
    return error == 0;
}

std::optional<MessageFacts> LibreParser::facts(std::string_view datagram)
{
    mbuf *buffer = bufferFor(datagram);
    if (!buffer)
        return std::nullopt;
    sip_msg *message = nullptr;
    std::optional<MessageFacts> facts;
    if (sip_msg_decode(&message, buffer) == 0) {
        facts.emplace();
        facts->callId = std::string(view(message->callid));
        facts->vias = sip_msg_hdr_count(message, SIP_HDR_VIA);
        facts->contacts = sip_msg_hdr_count(message, SIP_HDR_CONTACT);
        facts->recordRoutes = sip_msg_hdr_count(message, SIP_HDR_RECORD_ROUTE);
        if (message->req)
            facts->requestUriHost = std::string(view(message->uri.host));
    }
    mem_deref(message);
    mem_deref(buffer);
    return facts;
}
