#include "ringbackparser.h"

#include <benchmark/benchmark.h>

#include <variant>

namespace {

using namespace sipcore;

/// Reads the typed values that the facts compare; false when one is missing or malformed.
bool readTypedValues(const SipMessage &message, MessageFacts *facts)
{
    const auto via = message.topViaView();
    const auto from = message.fromView();
    const auto to = message.toView();
    const auto callId = message.callIdView();
    const auto cseq = message.cseqView();
    if (!via || !from || !to || !callId || !cseq)
        return false;
    benchmark::DoNotOptimize(*via);
    benchmark::DoNotOptimize(*from);
    benchmark::DoNotOptimize(*to);
    benchmark::DoNotOptimize(*cseq);
    bool ok = true;
    std::size_t vias = 0;
    std::size_t contacts = 0;
    std::size_t recordRoutes = 0;
    message.forEachValue(HeaderId::Via, [&](const HeaderValue &value) {
        ok = ok && value.as<ViaView>() != nullptr;
        ++vias;
    });
    message.forEachValue(HeaderId::Contact, [&](const HeaderValue &value) {
        ok = ok && value.as<NameAddrView>() != nullptr;
        ++contacts;
    });
    message.forEachValue(HeaderId::RecordRoute, [&](const HeaderValue &value) {
        ok = ok && value.as<NameAddrView>() != nullptr;
        ++recordRoutes;
    });
    for (const HeaderField &field : message.headerFields())
        ok = ok && !field.error;
    if (facts) {
        facts->callId = std::string(*callId);
        facts->vias = vias;
        facts->contacts = contacts;
        facts->recordRoutes = recordRoutes;
    }
    return ok;
}

const SipMessage &base(const SipMessageVariant &message)
{
    return std::visit([](const auto &m) -> const SipMessage & { return m; }, message);
}

} // namespace

std::string RingbackParser::name() const
{
    return m_mode == Mode::ReusedMessage ? "ours" : "ours:fresh-message";
}

bool RingbackParser::parse(std::string_view datagram)
{
    if (m_mode == Mode::FreshMessage) {
        SipMessageVariant message;
        if (MessageParser::parseDatagram(datagram, message))
            return false;
        return readTypedValues(base(message), nullptr);
    }
    if (MessageParser::parseDatagram(datagram, m_message))
        return false;
    return readTypedValues(base(m_message), nullptr);
}

std::optional<MessageFacts> RingbackParser::facts(std::string_view datagram)
{
    SipMessageVariant message;
    if (MessageParser::parseDatagram(datagram, message))
        return std::nullopt;
    MessageFacts facts;
    if (const auto *request = std::get_if<Request>(&message))
        facts.requestUriHost = std::string(request->requestUriView().hostPort.host);
    if (!readTypedValues(base(message), &facts))
        return std::nullopt;
    return facts;
}
