#include "ringbackparser.h"

#include "sipcore/syntax/messageparser.h"

#include <benchmark/benchmark.h>

#include <variant>

namespace {

using namespace sipcore;

/// The typed values of one full parse. Optional headers stay nullopt when absent.
struct TypedHeaders
{
    Result<std::vector<Via>> vias;
    Result<NameAddr> from;
    Result<NameAddr> to;
    Result<std::string> callId;
    Result<CSeq> cseq;
    Result<std::vector<NameAddr>> contacts;
    std::optional<Result<std::vector<NameAddr>>> routes;
    std::optional<Result<std::vector<NameAddr>>> recordRoutes;
    std::optional<Result<std::uint32_t>> maxForwards;

    bool ok() const
    {
        return vias && from && to && callId && cseq && contacts && (!routes || *routes)
               && (!recordRoutes || *recordRoutes) && (!maxForwards || *maxForwards);
    }
};

template<class T>
std::optional<Result<T>> ifPresent(const SipMessage &message,
                                   std::string_view name,
                                   Result<T> (SipMessage::*accessor)() const)
{
    if (!message.hasHeader(name))
        return std::nullopt;
    return (message.*accessor)();
}

TypedHeaders parseTypedHeaders(const SipMessage &message)
{
    // Braced initialisation runs in order: the accessors are called as listed.
    return {.vias = message.vias(),
            .from = message.from(),
            .to = message.to(),
            .callId = message.callId(),
            .cseq = message.cseq(),
            .contacts = message.contacts(),
            .routes = ifPresent(message, "Route", &SipMessage::routes),
            .recordRoutes = ifPresent(message, "Record-Route", &SipMessage::recordRoutes),
            .maxForwards = ifPresent(message, "Max-Forwards", &SipMessage::maxForwards)};
}

} // namespace

std::string RingbackParser::name() const
{
    return m_mode == Mode::FullParse ? "ours" : "ours:parseDatagram-only";
}

bool RingbackParser::parse(std::string_view datagram)
{
    auto parsed = MessageParser::parseDatagram(datagram);
    benchmark::DoNotOptimize(parsed);
    if (!parsed)
        return false;
    if (m_mode == Mode::DatagramOnly)
        return true;
    return std::visit(
            [](const SipMessage &message) {
                auto typed = parseTypedHeaders(message);
                benchmark::DoNotOptimize(typed);
                return typed.ok();
            },
            *parsed);
}

std::optional<MessageFacts> RingbackParser::facts(std::string_view datagram)
{
    const auto parsed = MessageParser::parseDatagram(datagram);
    if (!parsed)
        return std::nullopt;
    MessageFacts facts;
    if (const auto *request = std::get_if<Request>(&*parsed))
        facts.requestUriHost = request->requestUri().host;
    const SipMessage &message
            = std::visit([](const auto &m) -> const SipMessage & { return m; }, *parsed);
    const TypedHeaders typed = parseTypedHeaders(message);
    if (m_mode == Mode::FullParse && !typed.ok())
        return std::nullopt;
    facts.callId = typed.callId ? *typed.callId : std::string();
    facts.vias = typed.vias ? typed.vias->size() : 0;
    facts.contacts = typed.contacts ? typed.contacts->size() : 0;
    facts.recordRoutes
            = typed.recordRoutes && *typed.recordRoutes ? (*typed.recordRoutes)->size() : 0;
    return facts;
}
