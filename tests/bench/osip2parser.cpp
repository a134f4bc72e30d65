#include "osip2parser.h"

#include <benchmark/benchmark.h>

#include <osipparser2/osip_parser.h>

Osip2Parser::Osip2Parser()
{
    // Builds oSIP's table of header parsers; it must precede any parse (osip_parser.h).
    parser_init();
}

bool Osip2Parser::parse(std::string_view datagram)
{
    osip_message_t *message = nullptr;
    if (osip_message_init(&message) != 0)
        return false;
    const int result = osip_message_parse(message, datagram.data(), datagram.size());
    benchmark::DoNotOptimize(message);
    osip_message_free(message);
    return result == 0;
}

std::optional<MessageFacts> Osip2Parser::facts(std::string_view datagram)
{
    osip_message_t *message = nullptr;
    if (osip_message_init(&message) != 0)
        return std::nullopt;
    std::optional<MessageFacts> facts;
    if (osip_message_parse(message, datagram.data(), datagram.size()) == 0 && message->call_id
        && message->call_id->number) {
        facts.emplace();
        facts->callId = message->call_id->number;
        if (message->call_id->host)
            facts->callId += std::string("@") + message->call_id->host;
        facts->vias = static_cast<std::size_t>(osip_list_size(&message->vias));
        facts->contacts = static_cast<std::size_t>(osip_list_size(&message->contacts));
        facts->recordRoutes = static_cast<std::size_t>(osip_list_size(&message->record_routes));
        if (message->req_uri && message->req_uri->host)
            facts->requestUriHost = message->req_uri->host;
    }
    osip_message_free(message);
    return facts;
}
