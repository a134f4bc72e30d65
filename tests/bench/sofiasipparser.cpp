#include "sofiasipparser.h"

#include <benchmark/benchmark.h>

#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#include <sofia-sip/sip_protos.h>

namespace {

msg_t *makeMessage(std::string_view datagram)
{
    return msg_make(sip_default_mclass(), 0, datagram.data(),
                    static_cast<ssize_t>(datagram.size()));
}

} // namespace

bool SofiaSipParser::parse(std::string_view datagram)
{
    msg_t *message = makeMessage(datagram);
    benchmark::DoNotOptimize(message);
    if (!message)
        return false;
    const bool ok = !msg_has_error(message);
    msg_destroy(message);
    return ok;
}

std::optional<MessageFacts> SofiaSipParser::facts(std::string_view datagram)
{
    msg_t *message = makeMessage(datagram);
    if (!message)
        return std::nullopt;
    const sip_t *sip = sip_object(message);
    std::optional<MessageFacts> facts;
    if (!msg_has_error(message) && sip && !sip->sip_error && !sip->sip_unknown
        && sip->sip_call_id) {
        facts.emplace();
        facts->callId = sip->sip_call_id->i_id;
        for (const sip_via_t *via = sip->sip_via; via; via = via->v_next)
            ++facts->vias;
        for (const sip_contact_t *contact = sip->sip_contact; contact; contact = contact->m_next)
            ++facts->contacts;
        for (const sip_record_route_t *route = sip->sip_record_route; route; route = route->r_next)
            ++facts->recordRoutes;
        if (sip->sip_request && sip->sip_request->rq_url->url_host)
            facts->requestUriHost = sip->sip_request->rq_url->url_host;
    }
    msg_destroy(message);
    return facts;
}
